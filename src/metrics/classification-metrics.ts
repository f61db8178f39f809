export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  /** Gold rows with this label. */
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  /** Unweighted mean of per-label F1 over every label seen in gold or predictions. */
  macroF1: number;
  perLabel: Record<string, LabelScores>;
  /** `matrix[gold][predicted]` counts, rows and columns in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
}

/** Accuracy, macro-F1, per-label precision/recall/F1 and the confusion matrix of paired gold and predicted labels. */
export function classificationReport(gold: readonly string[], predicted: readonly string[]): ClassificationReport {
  if (gold.length !== predicted.length)
    throw new RangeError(`gold has ${gold.length} labels but predicted has ${predicted.length}`);
  const labels = [...new Set([...gold, ...predicted])].sort();
  const position = new Map(labels.map((label, index) => [label, index]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  gold.forEach((label, i) => {
    matrix[position.get(label)!]![position.get(predicted[i]!)!]!++;
    if (label === predicted[i]) correct++;
  });
  const perLabel: Record<string, LabelScores> = {};
  let f1Sum = 0;
  labels.forEach((label, index) => {
    const truePositive = matrix[index]![index]!;
    const support = matrix[index]!.reduce((sum, count) => sum + count, 0);
    const predictedCount = matrix.reduce((sum, row) => sum + row[index]!, 0);
    const precision = predictedCount === 0 ? 0 : truePositive / predictedCount;
    const recall = support === 0 ? 0 : truePositive / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  return {
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroF1: labels.length === 0 ? 0 : f1Sum / labels.length,
    perLabel,
    confusion: { labels, matrix },
  };
}

/** One scored prediction. */
export interface ScoredPrediction {
  gold: string;
  predicted: string;
  confidence: number;
}

/**
 * Share of rows at or above the threshold (what would be applied automatically) and how often those are right.
 * Precision is 1 when nothing is covered (no automatic answer is wrong).
 */
export function coverageAtThreshold(
  predictions: readonly ScoredPrediction[],
  threshold: number,
): { coverage: number; precision: number } {
  const covered = predictions.filter((p) => p.confidence >= threshold);
  const right = covered.filter((p) => p.predicted === p.gold).length;
  return {
    coverage: predictions.length === 0 ? 0 : covered.length / predictions.length,
    precision: covered.length === 0 ? 1 : right / covered.length,
  };
}

/**
 * Out-of-scope scores with a threshold on a per-row score (`confidence` here is any score where higher means "more
 * likely in scope": a calibrated probability or the model's inScopeScore); below it, a prediction counts as
 * "out of scope". In-scope accuracy: in-scope rows predicted right and at or above the threshold. Out-of-scope
 * recall: oos rows below it (or predicted as the oos label).
 */
export function outOfScopeScores(
  predictions: readonly ScoredPrediction[],
  oosLabel: string,
  threshold: number,
): { inScopeAccuracy: number; oosRecall: number } {
  let inScope = 0;
  let inScopeRight = 0;
  let oos = 0;
  let oosCaught = 0;
  for (const p of predictions) {
    const rejected = p.confidence < threshold || p.predicted === oosLabel;
    if (p.gold === oosLabel) {
      oos++;
      if (rejected) oosCaught++;
    } else {
      inScope++;
      if (!rejected && p.predicted === p.gold) inScopeRight++;
    }
  }
  return { inScopeAccuracy: inScope === 0 ? 0 : inScopeRight / inScope, oosRecall: oos === 0 ? 0 : oosCaught / oos };
}

/**
 * Lower end of the Wilson score interval for a proportion (`z` = 1.645: one-sided 95 %). With few trials it stays
 * well below the observed share: 50 of 100 gives 0.419, 59 of 100 gives 0.508, 2 of 2 gives 0.425.
 */
export function wilsonLowerBound(successes: number, trials: number, z = 1.645): number {
  if (trials === 0) return 0;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - spread) / (1 + z2 / trials));
}

export interface OutOfScopeRule {
  /**
   * The product's floor on out-of-scope recall: at least this share of out-of-scope tickets must go to review
   * instead of getting a label. Applied to the Wilson lower bound of the validation recall, not the observed share,
   * so a small validation set (CLINC150 val has 100 oos rows) does not promise more than it can show.
   */
  minOosRecall: number;
  /** Normal quantile of the bound: 1.645 = one-sided 95 %. */
  z: number;
}

/** Half of the out-of-scope tickets caught, with 95 % confidence from the validation set (decision record 2026-11-29). */
export const OUT_OF_SCOPE_RULE: OutOfScopeRule = { minOosRecall: 0.5, z: 1.645 };

/**
 * The out-of-scope threshold picked on a validation set. A review costs an agent a minute; a confident wrong label
 * on an out-of-scope ticket is the worst outcome. So the rule is a constraint, not a trade-off: out-of-scope recall
 * must reach `rule.minOosRecall` (its Wilson lower bound on validation must), and among the thresholds that reach it
 * the one keeping the most right in-scope answers wins. In-scope accuracy only falls as the threshold rises, so that
 * is the lowest such threshold. When no threshold can show the floor (too few oos rows), the lowest threshold with
 * the highest bound is taken: the most the data can show. Candidates are the observed scores, plus one above them
 * all (reject everything). Throws when the validation set has no row labelled `oosLabel`.
 */
export function pickOutOfScopeThreshold(
  validation: readonly ScoredPrediction[],
  oosLabel: string,
  rule: OutOfScopeRule = OUT_OF_SCOPE_RULE,
): number {
  const oosScores = validation
    .filter((p) => p.gold === oosLabel && p.predicted !== oosLabel)
    .map((p) => p.confidence)
    .sort((a, b) => a - b);
  const oosTotal = validation.filter((p) => p.gold === oosLabel).length;
  if (oosTotal === 0)
    throw new RangeError(
      `the validation set has no rows labelled "${oosLabel}": an out-of-scope threshold cannot be picked`,
    );
  const alreadyCaught = oosTotal - oosScores.length;
  const distinct = [...new Set(validation.map((p) => p.confidence))].sort((a, b) => a - b);
  const above =
    distinct.length === 0 ? 0 : distinct[distinct.length - 1]! + Math.max(1, Math.abs(distinct[distinct.length - 1]!));
  const candidates = [...distinct, above];
  let best = candidates[0]!;
  let bestBound = -1;
  let caught = 0;
  for (const threshold of candidates) {
    while (caught < oosScores.length && oosScores[caught]! < threshold) caught++;
    const bound = wilsonLowerBound(alreadyCaught + caught, oosTotal, rule.z);
    if (bound >= rule.minOosRecall) return threshold;
    if (bound > bestBound + 1e-12) {
      best = threshold;
      bestBound = bound;
    }
  }
  return best;
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One answer of the served decision: its gold and predicted label and the band it went to. */
export interface DecidedPrediction {
  gold: string;
  predicted: string;
  decision: 'auto' | 'draft' | 'review';
}

export interface BandScores {
  /** Rows in the band. */
  count: number;
  /** count / all rows (0 when there are none). */
  share: number;
  /** Share of the band's rows whose predicted label is the gold one (1 when the band is empty: nothing wrong). */
  precision: number;
}

export type DecisionBands = Record<DecidedPrediction['decision'], BandScores>;

/**
 * Count, share and precision of each band of the served decision (auto / draft / review). A row whose gold label the
 * model cannot know (out of scope) is never right, so it lowers the precision of the band it lands in.
 */
export function decisionBands(predictions: readonly DecidedPrediction[]): DecisionBands {
  const tallies = bandTallies(predictions);
  const band = (decision: DecidedPrediction['decision']): BandScores => {
    const { count, right } = tallies[decision];
    return {
      count,
      share: predictions.length === 0 ? 0 : count / predictions.length,
      precision: count === 0 ? 1 : right / count,
    };
  };
  return { auto: band('auto'), draft: band('draft'), review: band('review') };
}

/** Rows, and rows whose predicted label is the gold one, in each band of the served decision. */
export function bandTallies(
  predictions: readonly Pick<DecidedPrediction, 'gold' | 'predicted' | 'decision'>[],
): Record<DecidedPrediction['decision'], { count: number; right: number }> {
  const tallies = { auto: { count: 0, right: 0 }, draft: { count: 0, right: 0 }, review: { count: 0, right: 0 } };
  for (const p of predictions) {
    const tally = tallies[p.decision];
    tally.count++;
    if (p.predicted === p.gold) tally.right++;
  }
  return tallies;
}

/**
 * Out-of-scope scores of the served decision: an out-of-scope row (`isOutOfScope`) is caught when it goes to review;
 * an in-scope row counts as right when its label is right and it is not sent to review (auto or draft).
 */
export function servedOutOfScopeScores(
  predictions: readonly DecidedPrediction[],
  isOutOfScope: (gold: string) => boolean,
): { inScopeAccuracy: number; oosRecall: number; oosRows: number } {
  let inScope = 0;
  let inScopeRight = 0;
  let oos = 0;
  let caught = 0;
  for (const p of predictions) {
    if (isOutOfScope(p.gold)) {
      oos++;
      if (p.decision === 'review') caught++;
    } else {
      inScope++;
      if (p.decision !== 'review' && p.predicted === p.gold) inScopeRight++;
    }
  }
  return {
    inScopeAccuracy: inScope === 0 ? 0 : inScopeRight / inScope,
    oosRecall: oos === 0 ? 0 : caught / oos,
    oosRows: oos,
  };
}
