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
  if (gold.length !== predicted.length) throw new RangeError(`gold has ${gold.length} labels but predicted has ${predicted.length}`);
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
export function coverageAtThreshold(predictions: readonly ScoredPrediction[], threshold: number): { coverage: number; precision: number } {
  const covered = predictions.filter((p) => p.confidence >= threshold);
  const right = covered.filter((p) => p.predicted === p.gold).length;
  return {
    coverage: predictions.length === 0 ? 0 : covered.length / predictions.length,
    precision: covered.length === 0 ? 1 : right / covered.length,
  };
}

/**
 * Out-of-scope scores with a confidence threshold: below it, a prediction counts as "out of scope".
 * In-scope accuracy: in-scope rows predicted right and above the threshold. Out-of-scope recall: oos rows below it
 * (or predicted as the oos label).
 */
export function outOfScopeScores(predictions: readonly ScoredPrediction[], oosLabel: string, threshold: number): { inScopeAccuracy: number; oosRecall: number } {
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
 * The out-of-scope threshold that maximizes the mean of in-scope accuracy and oos recall on a validation set
 * (ties: the lower threshold, which keeps more automatic answers). Candidates are the observed confidences.
 */
export function pickOutOfScopeThreshold(validation: readonly ScoredPrediction[], oosLabel: string): number {
  const candidates = [0, ...new Set(validation.map((p) => p.confidence))].sort((a, b) => a - b);
  let best = 0;
  let bestScore = -1;
  for (const threshold of candidates) {
    const { inScopeAccuracy, oosRecall } = outOfScopeScores(validation, oosLabel, threshold);
    const score = (inScopeAccuracy + oosRecall) / 2;
    if (score > bestScore + 1e-12) {
      best = threshold;
      bestScore = score;
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
