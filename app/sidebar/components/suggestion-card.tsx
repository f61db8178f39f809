import { Tag } from '@zendeskgarden/react-tags';
import { getColor } from '@zendeskgarden/react-theming';
import { MD, Paragraph, SM, XL } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import type {
  Decision,
  LabelSource,
  TriageResult,
  ZendeskPriority,
  ZendeskTicketType,
} from '../../../src/contract/index.ts';
import { space, steps } from '../../shared/components/space.ts';
import { useConfidencePercent, useI18n } from '../../shared/i18n.tsx';

// Literal keys so the translation test can find every one of them.
const SOURCE_KEYS: Record<LabelSource, string> = {
  rule: 'ui.source.rule',
  model: 'ui.source.model',
  llm: 'ui.source.llm',
  none: 'ui.source.none',
};
const DECISION_KEYS: Record<Decision, string> = {
  auto: 'ui.decision.auto',
  draft: 'ui.decision.draft',
  review: 'ui.decision.review',
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
const DECISION_SHORT_KEYS: Record<Decision, string> = {
  auto: 'ui.decision.auto_short',
  draft: 'ui.decision.draft_short',
  review: 'ui.decision.review_short',
};
const DECISION_HUE: Record<Decision, 'green' | 'yellow' | 'red'> = { auto: 'green', draft: 'yellow', review: 'red' };
const PRIORITY_HUE: Record<ZendeskPriority, 'grey' | 'blue' | 'yellow' | 'red'> = {
  low: 'grey',
  normal: 'blue',
  high: 'yellow',
  urgent: 'red',
};

const Eyebrow = styled(SM)`
  text-transform: uppercase;
  letter-spacing: 0.04em;
`;

const LabelHeading = styled(XL)`
  margin: ${steps(0.5)} 0 ${space('xxs')};
`;

const Badges = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${steps(1.5)};
`;

const Reason = styled(SM)`
  margin-top: ${steps(1.5)};
`;

const SummaryHeading = styled(MD)`
  margin-top: ${space('sm')};
`;

const DecisionNote = styled(SM)`
  margin-top: ${space('xxs')};
`;

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

/** The suggested label with confidence, source and reason; summary; priority, type and decision. */
export function SuggestionCard({ result, labelName }: { result: TriageResult; labelName: string }) {
  const { t } = useI18n();
  // Capped at 99%: the product never claims certainty.
  const percent = useConfidencePercent();
  // Nothing suggested a label (a new installation without a model, no rule, no LLM): say so, with no confidence.
  const suggested = result.label.source !== 'none';
  return (
    <section aria-labelledby="suggested-label">
      <Eyebrow>{t('ui.label.heading')}</Eyebrow>
      <LabelHeading tag="h2" id="suggested-label" isBold>
        {suggested ? labelName : t('ui.label.none')}
      </LabelHeading>
      <Badges>
        {suggested ? (
          <Tag hue="blue" size="small">
            {t('ui.label.confidence', { percent: percent(result.label.confidence) })}
          </Tag>
        ) : null}
        <Tag size="small">{t(SOURCE_KEYS[result.label.source])}</Tag>
      </Badges>
      {result.label.reason ? <Reason>{t('ui.label.why', { reason: result.label.reason })}</Reason> : null}
      {result.summary ? (
        <>
          <SummaryHeading tag="h3" isBold>
            {t('ui.label.summary')}
          </SummaryHeading>
          <Paragraph>{result.summary}</Paragraph>
        </>
      ) : null}
      <Facts>
        <dt>{t('ui.priority.heading')}</dt>
        <dd>
          <Tag hue={PRIORITY_HUE[result.urgency.priority]} size="small">
            {t(PRIORITY_KEYS[result.urgency.priority])}
          </Tag>
        </dd>
        <dt>{t('ui.type.heading')}</dt>
        <dd>{t(TYPE_KEYS[result.ticketType])}</dd>
        <dt>{t('ui.decision.heading')}</dt>
        <dd>
          <Tag hue={DECISION_HUE[result.decision]} size="small">
            {t(DECISION_SHORT_KEYS[result.decision])}
          </Tag>
          <DecisionNote>{t(DECISION_KEYS[result.decision])}</DecisionNote>
        </dd>
      </Facts>
    </section>
  );
}
