import { Tag } from '@zendeskgarden/react-tags';
import { MD, Paragraph, SM, XL } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import type { LabelSource, TaxonomyView, TriageResult } from '../../../src/contract/index.ts';
import { ConfidenceBadge } from '../../shared/components/confidence-badge.tsx';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { whyText } from '../../shared/why.ts';
import type { ShownSuggestion } from '../shown-suggestion.ts';
import { SuggestionFacts } from './suggestion-facts.tsx';

// Literal keys so the translation test can find every one of them.
const SOURCE_KEYS: Record<LabelSource, string> = {
  rule: 'ui.source.rule',
  model: 'ui.source.model',
  llm: 'ui.source.llm',
  none: 'ui.source.none',
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

/** The label shown (suggested, or as corrected) with how sure and why; summary; priority, type and decision. */
export function SuggestionCard(props: {
  result: TriageResult;
  shown: ShownSuggestion;
  thresholds: TaxonomyView['thresholds'] | null;
}) {
  const { result, shown } = props;
  const { t } = useI18n();
  const corrected = shown.correctedFrom !== null;
  // Nothing suggested a label (a new installation without a model, no rule, no LLM): say so, with no confidence.
  const suggested = result.label.source !== 'none';
  return (
    <section aria-labelledby="suggested-label">
      <Eyebrow>{t('ui.label.heading')}</Eyebrow>
      <LabelHeading tag="h2" id="suggested-label" isBold>
        {suggested || corrected ? shown.labelName : t('ui.label.none')}
      </LabelHeading>
      <Badges>
        {corrected ? (
          <Tag hue="green" size="small">
            {t('ui.label.corrected')}
          </Tag>
        ) : (
          <>
            {suggested ? (
              <ConfidenceBadge
                confidence={result.label.confidence}
                decision={result.decision}
                thresholds={props.thresholds}
              />
            ) : null}
            <Tag size="small">{t(SOURCE_KEYS[result.label.source])}</Tag>
          </>
        )}
      </Badges>
      {corrected ? (
        <Reason>{t('ui.label.corrected_from', { label: shown.correctedFrom })}</Reason>
      ) : result.label.reason ? (
        <Reason>{whyText(t, result.label)}</Reason>
      ) : null}
      {result.summary ? (
        <>
          <SummaryHeading tag="h3" isBold>
            {t('ui.label.summary')}
          </SummaryHeading>
          <Paragraph>{result.summary}</Paragraph>
        </>
      ) : null}
      <SuggestionFacts shown={shown} decision={result.decision} heldBack={result.heldBack} />
    </section>
  );
}
