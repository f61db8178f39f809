import { Tag } from '@zendeskgarden/react-tags';
import {
  DECISION_BAND,
  decidedBand,
  type ConfidenceBand,
  type Decision,
  type TaxonomyView,
} from '../../../src/contract/index.ts';
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

/**
 * "Medium confidence · 78%": the level in words and colour, the number beside it. The band is the one the write-back
 * tags (`triage_confidence_*`): the taxonomy's thresholds capped by the decision, so a ticket held back for a draft or
 * a review never reads "high"; before the taxonomy has loaded, the decision alone gives it.
 */
export function ConfidenceBadge(props: {
  confidence: number;
  decision: Decision;
  thresholds: TaxonomyView['thresholds'] | null;
}) {
  const { t } = useI18n();
  const percent = useConfidencePercent();
  const band = props.thresholds
    ? decidedBand(props.confidence, props.decision, props.thresholds)
    : DECISION_BAND[props.decision];
  return (
    <Tag hue={BAND_HUE[band]} size="small" data-band={band}>
      {t(BAND_KEYS[band], { percent: percent(props.confidence) })}
    </Tag>
  );
}
