import { Tag } from '@zendeskgarden/react-tags';
import { confidenceBand, type ConfidenceBand, type Decision, type TaxonomyView } from '../../../src/contract/index.ts';
import { useConfidencePercent, useI18n } from '../i18n.tsx';

// Literal keys so the translation test can find every one of them.
const BAND_KEYS: Record<ConfidenceBand, string> = {
  high: 'ui.confidence.high',
  medium: 'ui.confidence.medium',
  low: 'ui.confidence.low',
};
/** Low is grey, not red: an unsure suggestion asks for a look, it is not an alarm. */
const BAND_HUE: Record<ConfidenceBand, 'green' | 'yellow' | undefined> = {
  high: 'green',
  medium: 'yellow',
  low: undefined,
};
/** Before the taxonomy has loaded, the decision (made from the same thresholds) gives the band. */
const DECISION_BAND: Record<Decision, ConfidenceBand> = { auto: 'high', draft: 'medium', review: 'low' };

/**
 * "Medium confidence · 78%": the level in words and colour, the number beside it. Bands come from the taxonomy's
 * thresholds as on the server (`triage_confidence_*` tags).
 */
export function ConfidenceBadge(props: {
  confidence: number;
  decision: Decision;
  thresholds: TaxonomyView['thresholds'] | null;
}) {
  const { t } = useI18n();
  const percent = useConfidencePercent();
  const band = props.thresholds ? confidenceBand(props.confidence, props.thresholds) : DECISION_BAND[props.decision];
  return (
    <Tag hue={BAND_HUE[band]} size="small" data-band={band}>
      {t(BAND_KEYS[band], { percent: percent(props.confidence) })}
    </Tag>
  );
}
