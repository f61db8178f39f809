import type { ModelGate, PrecisionTargets } from '../classifier/index.ts';

export type { PrecisionTargets } from '../classifier/index.ts';
import { wilsonLowerBound } from '../metrics/index.ts';
import type { Prediction, ServingCalibration, TrainedModel } from './model.ts';

export const DEFAULT_PRECISION_TARGETS: PrecisionTargets = Object.freeze({
  autoPrecision: 0.97,
  escalationAutoPrecision: 0.99,
  draftPrecision: 0.8,
  escalationLabels: Object.freeze([]),
});

/**
 * Normal quantile of the bound on a label's out-of-fold precision: one-sided 95 %. With it a label needs about
 * 1.645² · p / (1 − p) right answers in a row to show precision p (≈ 87 for 0.97): few examples never pass by luck.
 */
export const AUTO_PRECISION_Z = 1.645;

/** A label's thresholds on calibrated confidence; null: cross-validation cannot show the target at any. */
export interface LabelThresholds {
  readonly auto: number | null;
  readonly draft: number | null;
}

/**
 * Each label's auto and draft thresholds: the lowest out-of-fold confidence at which the rows the fold models gave
 * that label, at or above it, are right with a Wilson lower bound (z = AUTO_PRECISION_Z) at least the target
 * (autoPrecision, escalationAutoPrecision for escalation labels; draftPrecision). For the auto threshold, rows of a kind
 * the fold model never saw that it gave this label (`unseen`) count as wrong: unlabelled kinds of ticket are what an
 * account's traffic holds beyond its labels. A null auto threshold: the label is never applied without review. Labels
 * the calibration does not list get none.
 */
export function labelThresholds(
  calibration: ServingCalibration,
  targets: PrecisionTargets = DEFAULT_PRECISION_TARGETS,
  z = AUTO_PRECISION_Z,
): ReadonlyMap<string, LabelThresholds> {
  const escalation = new Set(targets.escalationLabels);
  const result = new Map<string, LabelThresholds>();
  for (const [label, { right, wrong, unseen = [] }] of Object.entries(calibration.labels)) {
    const target = escalation.has(label) ? targets.escalationAutoPrecision : targets.autoPrecision;
    result.set(label, {
      auto: lowestThreshold(right, mergeDescending(wrong, unseen), target, z),
      draft: lowestThreshold(right, wrong, targets.draftPrecision, z),
    });
  }
  return result;
}

function mergeDescending(a: readonly number[], b: readonly number[]): readonly number[] {
  return b.length === 0 ? a : [...a, ...b].sort((x, y) => y - x);
}

/** `right` and `wrong` sorted largest first. */
function lowestThreshold(right: readonly number[], wrong: readonly number[], target: number, z: number): number | null {
  let best: number | null = null;
  let r = 0;
  let w = 0;
  while (r < right.length || w < wrong.length) {
    // The next candidate: the largest confidence not yet counted; every row at it is counted together.
    const threshold = Math.max(right[r] ?? -Infinity, wrong[w] ?? -Infinity);
    while (r < right.length && right[r]! >= threshold) r++;
    while (w < wrong.length && wrong[w]! >= threshold) w++;
    if (wilsonLowerBound(r, r + w, z) >= target) best = threshold;
  }
  return best;
}

/**
 * The gate the served decision applies to one prediction of `model`: its in-scope score against the model's floor,
 * and the auto and draft thresholds of the predicted label. Null for a model without calibration (format version 1): it is
 * decided on the taxonomy's thresholds alone, as before.
 */
export function modelGate(
  model: TrainedModel,
  prediction: Pick<Prediction, 'label' | 'inScopeScore'>,
  thresholds: ReadonlyMap<string, LabelThresholds> | null,
): ModelGate | null {
  const calibration = model.calibration;
  if (!calibration || !thresholds) return null;
  const own = thresholds.get(prediction.label);
  return {
    inScopeScore: prediction.inScopeScore,
    inScopeFloor: calibration.inScopeFloor,
    autoThreshold: own?.auto ?? null,
    draftThreshold: own?.draft ?? null,
    byLabel: thresholds,
  };
}
