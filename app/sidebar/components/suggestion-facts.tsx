import { Tag } from '@zendeskgarden/react-tags';
import { getColor } from '@zendeskgarden/react-theming';
import { SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import type { Decision, HeldBack, ZendeskPriority, ZendeskTicketType } from '../../../src/contract/index.ts';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { heldBackText } from '../../shared/why.ts';
import type { ShownSuggestion } from '../shown-suggestion.ts';

// Literal keys so the translation test can find every one of them.
const DECISION_KEYS: Record<Decision, string> = {
  auto: 'ui.decision.auto',
  draft: 'ui.decision.draft',
  review: 'ui.decision.review',
};
const DECISION_SHORT_KEYS: Record<Decision, string> = {
  auto: 'ui.decision.auto_short',
  draft: 'ui.decision.draft_short',
  review: 'ui.decision.review_short',
};
const PRIORITY_KEYS: Record<ZendeskPriority, string> = {
  low: 'ui.priority.low',
  normal: 'ui.priority.normal',
  high: 'ui.priority.high',
  urgent: 'ui.priority.urgent',
};
const TYPE_KEYS: Record<ZendeskTicketType, string> = {
  question: 'ui.type.question',
  incident: 'ui.type.incident',
  problem: 'ui.type.problem',
  task: 'ui.type.task',
};
/** Review is grey: "a person decides" is no alarm. */
const DECISION_HUE: Record<Decision, 'green' | 'yellow' | undefined> = {
  auto: 'green',
  draft: 'yellow',
  review: undefined,
};
const PRIORITY_HUE: Record<ZendeskPriority, 'grey' | 'blue' | 'yellow' | 'red'> = {
  low: 'grey',
  normal: 'blue',
  high: 'yellow',
  urgent: 'red',
};

const Facts = styled.dl`
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: ${steps(1.5)} ${space('sm')};
  align-items: baseline;
  margin: ${space('sm')} 0 0;
  font-size: ${({ theme }) => theme.fontSizes.md};
  dt {
    color: ${({ theme }) => getColor({ theme, variable: 'foreground.subtle' })};
  }
  dd {
    margin: 0;
  }
`;

const DecisionNote = styled(SM)`
  margin-top: ${space('xxs')};
`;

/**
 * Priority, type and decision as they stand: a correction's priority and type, and "corrected" for the decision.
 * An unsure suggestion's priority is shown without its colour: an urgent red below the review threshold would alarm.
 * When something held the decision below what the confidence alone gives (a "99 %" draft), the note says what.
 */
export function SuggestionFacts({
  shown,
  decision,
  heldBack,
}: {
  shown: ShownSuggestion;
  decision: Decision;
  heldBack: HeldBack | null;
}) {
  const { t } = useI18n();
  const corrected = shown.correctedFrom !== null;
  return (
    <Facts>
      <dt>{t('ui.priority.heading')}</dt>
      <dd>
        <Tag hue={shown.trusted ? PRIORITY_HUE[shown.priority] : undefined} size="small" data-priority={shown.priority}>
          {t(PRIORITY_KEYS[shown.priority])}
        </Tag>
      </dd>
      <dt>{t('ui.type.heading')}</dt>
      <dd data-testid="ticket-type">{t(TYPE_KEYS[shown.ticketType])}</dd>
      <dt>{t('ui.decision.heading')}</dt>
      <dd>
        {/* Corrected: the label's badge says so already; the decision is a person's, not the thresholds'. */}
        {corrected ? null : (
          <Tag hue={DECISION_HUE[decision]} size="small">
            {t(DECISION_SHORT_KEYS[decision])}
          </Tag>
        )}
        <DecisionNote>{t(corrected ? 'ui.decision.corrected' : DECISION_KEYS[decision])}</DecisionNote>
        {corrected || heldBack === null ? null : (
          <DecisionNote data-testid="held-back" data-held-back={heldBack}>
            {heldBackText(t, heldBack)}
          </DecisionNote>
        )}
      </dd>
    </Facts>
  );
}
