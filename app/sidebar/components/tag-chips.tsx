import { ToggleButton } from '@zendeskgarden/react-buttons';
import { Hint } from '@zendeskgarden/react-forms';
import { MD, SM } from '@zendeskgarden/react-typography';
import { useI18n } from '../../shared/i18n.tsx';

/** Suggested tags as toggle buttons: pressed ones are added on accept. */
export function TagChips(props: { tags: readonly string[]; selected: ReadonlySet<string>; onToggle: (tag: string) => void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="suggested-tags" style={{ marginTop: 16 }}>
      <MD tag="h3" id="suggested-tags" isBold>
        {t('ui.tags.heading')}
      </MD>
      {props.tags.length === 0 ? (
        <SM>{t('ui.tags.none')}</SM>
      ) : (
        <>
          <Hint id="suggested-tags-hint">{t('ui.tags.hint')}</Hint>
          <div role="group" aria-labelledby="suggested-tags" aria-describedby="suggested-tags-hint" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 6 }}>
            {props.tags.map((tag) => (
              <ToggleButton
                key={tag}
                size="small"
                isPill
                isPressed={props.selected.has(tag)}
                disabled={props.disabled}
                onClick={() => props.onToggle(tag)}
              >
                {tag}
              </ToggleButton>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
