import type { HeldOutPrediction } from './held-out.ts';

export interface CoveragePoint {
  /** A single confidence threshold over every label. */
  readonly threshold: number;
  /** Share of tickets at or above it. */
  readonly coverage: number;
  /** Share of those whose label is right; null when none reach it. */
  readonly precision: number | null;
}

/**
 * Coverage and precision at thresholds 0, 1/steps, …, 1: what a single auto threshold would apply and how often it
 * would be right. One pass over the predictions sorted by confidence.
 */
export function coverageCurve(predictions: readonly HeldOutPrediction[], steps = 100): CoveragePoint[] {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  const points: CoveragePoint[] = [];
  let covered = 0;
  let right = 0;
  for (let step = steps; step >= 0; step--) {
    const threshold = step / steps;
    while (covered < sorted.length && sorted[covered]!.confidence >= threshold) {
      if (sorted[covered]!.predicted === sorted[covered]!.gold) right++;
      covered++;
    }
    points.push({
      threshold,
      coverage: sorted.length === 0 ? 0 : covered / sorted.length,
      precision: covered === 0 ? null : right / covered,
    });
  }
  return points.reverse();
}

export interface ReliabilityBin {
  /** Confidence range [from, to); the last bin includes 1. */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Null for an empty bin. */
  readonly meanConfidence: number | null;
  readonly accuracy: number | null;
}

/** Equal-width confidence bins: a calibrated model's accuracy in each bin is its mean confidence. */
export function reliabilityBins(predictions: readonly HeldOutPrediction[], bins = 10): ReliabilityBin[] {
  const counts = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  for (const p of predictions) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p.confidence * bins)));
    counts[bin]!++;
    confidence[bin]! += p.confidence;
    if (p.predicted === p.gold) right[bin]!++;
  }
  return counts.map((count, bin) => ({
    from: bin / bins,
    to: (bin + 1) / bins,
    count,
    meanConfidence: count === 0 ? null : confidence[bin]! / count,
    accuracy: count === 0 ? null : right[bin]! / count,
  }));
}

/** Expected calibration error: the bins' |accuracy − confidence| weighted by their share of tickets. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return 0;
  return bins.reduce(
    (sum, bin) => (bin.count === 0 ? sum : sum + (bin.count / total) * Math.abs(bin.accuracy! - bin.meanConfidence!)),
    0,
  );
}
