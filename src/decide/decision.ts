import type { Decision } from '../contract/index.ts';
import type { Thresholds } from '../taxonomy/index.ts';

/** auto at or above thresholds.auto, draft at or above thresholds.review, review below; out-of-scope is always review. */
export function decisionFor(confidence: number, thresholds: Thresholds, outOfScope = false): Decision {
  if (outOfScope) return 'review';
  if (confidence >= thresholds.auto) return 'auto';
  if (confidence >= thresholds.review) return 'draft';
  return 'review';
}
