import { ToggleButton } from '@zendeskgarden/react-buttons';
import { Hint } from '@zendeskgarden/react-forms';
import { MD, SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import { steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';

const Section = styled.section`
  margin-top: ${steps(4)};
`;

const Chips = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${steps(1.5)};
  margin-top: ${steps(1.5)};
`;

/** Suggested tags as toggle buttons: pressed ones are added on accept. */
export function TagChips(props: { tags: readonly string[]; selected: ReadonlySet<string>; onToggle: (tag: string) => void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <Section aria-labelledby="suggested-tags">
      <MD tag="h3" id="suggested-tags" isBold>
        {t('ui.tags.heading')}
      </MD>
      {props.tags.length === 0 ? (
        <SM>{t('ui.tags.none')}</SM>
      ) : (
        <>
          <Hint id="suggested-tags-hint">{t('ui.tags.hint')}</Hint>
          <Chips role="group" aria-labelledby="suggested-tags" aria-describedby="suggested-tags-hint">
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
          </Chips>
        </>
      )}
    </Section>
  );
}
