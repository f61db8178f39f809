import { Button, ToggleButton } from '@zendeskgarden/react-buttons';
import { Hint } from '@zendeskgarden/react-forms';
import { Tag } from '@zendeskgarden/react-tags';
import { MD, SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import { steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { CheckIcon, PlusIcon } from './icons.tsx';

const Section = styled.section`
  margin-top: ${steps(4)};
`;

const Chips = styled.ul`
  display: flex;
  flex-wrap: wrap;
  gap: ${steps(1.5)};
  margin: ${steps(1.5)} 0 0;
  padding: 0;
  list-style: none;
`;

const Chip = styled(ToggleButton)`
  gap: ${steps(1)};
`;

const SettledTag = styled(Tag)`
  &[data-state='not_added'] {
    text-decoration: line-through;
  }
`;

/** One child: Garden's Tag stretches each direct child to its full width. */
const TagContent = styled.span`
  display: inline-flex;
  align-items: center;
  gap: ${steps(1)};
`;

const VisuallyHidden = styled.span`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;

/** Where a suggested tag stands once the suggestion was accepted. */
export type SettledTagState = 'added' | 'on_ticket' | 'not_added';

/**
 * `added`: written by this Accept; `on_ticket`: the ticket has it (it had it already, or a reopened ticket was
 * accepted earlier); `not_added`: the agent left it out.
 */
export function settledTagState(
  tag: string,
  settled: { added: ReadonlySet<string>; ticketTags: ReadonlySet<string> },
): SettledTagState {
  if (settled.ticketTags.has(tag)) return 'on_ticket';
  return settled.added.has(tag) ? 'added' : 'not_added';
}

const SETTLED_HUE: Record<SettledTagState, string | undefined> = {
  added: 'green',
  on_ticket: 'grey',
  not_added: undefined,
};

/**
 * Suggested tags. Before Accept they are toggles — selected ones filled with a check, the others outlined with a
 * plus — and Accept adds the selected ones. Once accepted (`settled`) they say what came of each: added, already on
 * the ticket, or not added.
 */
export function TagChips(props: {
  tags: readonly string[];
  selected: ReadonlySet<string>;
  onToggle: (tag: string) => void;
  settled: { added: ReadonlySet<string>; ticketTags: ReadonlySet<string> } | null;
  /** The suggested label's name once a person corrected it: the tags were suggested for that one. */
  correctedFrom?: string | null;
}) {
  const { t } = useI18n();
  const { settled } = props;
  return (
    <Section aria-labelledby="suggested-tags">
      <MD tag="h3" id="suggested-tags" isBold>
        {t('ui.tags.heading')}
      </MD>
      {props.tags.length === 0 ? (
        <SM>{t('ui.tags.none')}</SM>
      ) : (
        <>
          <Hint id="suggested-tags-hint">
            {props.correctedFrom
              ? t('ui.tags.corrected_hint', { label: props.correctedFrom })
              : t(settled ? 'ui.tags.settled_hint' : 'ui.tags.hint')}
          </Hint>
          <Chips aria-labelledby="suggested-tags" aria-describedby="suggested-tags-hint">
            {props.tags.map((tag) => {
              if (settled) {
                const state = settledTagState(tag, settled);
                const status = t(`ui.tags.state.${state}`);
                return (
                  <li key={tag}>
                    <SettledTag
                      size="large"
                      isPill
                      isRegular
                      hue={SETTLED_HUE[state]}
                      data-state={state}
                      title={status}
                    >
                      <TagContent>
                        {state === 'not_added' ? null : <CheckIcon />}
                        <span>{tag}</span>
                        <VisuallyHidden>{`(${status})`}</VisuallyHidden>
                      </TagContent>
                    </SettledTag>
                  </li>
                );
              }
              const pressed = props.selected.has(tag);
              return (
                <li key={tag}>
                  <Chip size="small" isPill isPrimary={pressed} isPressed={pressed} onClick={() => props.onToggle(tag)}>
                    <Button.StartIcon>{pressed ? <CheckIcon /> : <PlusIcon />}</Button.StartIcon>
                    {tag}
                  </Chip>
                </li>
              );
            })}
          </Chips>
        </>
      )}
    </Section>
  );
}
