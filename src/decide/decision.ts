import type { ModelGate } from '../classifier/index.ts';
import type { Decision } from '../contract/index.ts';
import type { Thresholds } from '../taxonomy/index.ts';

/** auto at or above thresholds.auto, draft at or above thresholds.review, review below; out-of-scope is always review. */
export function decisionFor(confidence: number, thresholds: Thresholds, outOfScope = false): Decision {
  if (outOfScope) return 'review';
  if (confidence >= thresholds.auto) return 'auto';
  if (confidence >= thresholds.review) return 'draft';
  return 'review';
}

/** True when the local model's in-scope score is below its floor: the text is unlike every ticket it learnt from. */
export function belowInScopeFloor(gate: ModelGate | null | undefined): boolean {
  return gate != null && gate.inScopeFloor !== null && gate.inScopeScore < gate.inScopeFloor;
}

/**
 * The served rule for a local-model answer (decide uses it, and `triage eval` scores exactly it). Below the model's
 * in-scope floor: review, marked out of scope. At or above the label's own auto threshold (picked by cross-validation
 * for the taxonomy's precision target): auto. At or above thresholds.review, or the label's lower draft threshold
 * (cross-validation showed draftPrecision there): draft. Else review.
 * A label without an auto threshold is drafted at most. Without a gate (a model trained before format version 2)
 * the taxonomy's thresholds alone decide, as before.
 */
export function modelDecisionFor(
  confidence: number,
  thresholds: Thresholds,
  gate: ModelGate | null | undefined,
): { decision: Decision; outOfScope: boolean } {
  if (belowInScopeFloor(gate)) return { decision: 'review', outOfScope: true };
  if (!gate) return { decision: decisionFor(confidence, thresholds), outOfScope: false };
  const draftFrom = Math.min(thresholds.review, gate.draftThreshold ?? thresholds.review);
  if (confidence < draftFrom) return { decision: 'review', outOfScope: false };
  const auto = gate.autoThreshold !== null && confidence >= gate.autoThreshold;
  return { decision: auto ? 'auto' : 'draft', outOfScope: false };
}
