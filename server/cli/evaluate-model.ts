import {
  classificationReport,
  coverageAtThreshold,
  OUT_OF_SCOPE_RULE,
  outOfScopeScores,
  percentile,
  pickOutOfScopeThreshold,
  type ScoredPrediction,
} from '../../src/metrics/index.ts';
import { predict, serializeModel, type TrainedModel } from '../../src/model/index.ts';
import type { LabelledText } from './data-files.ts';
import { CliError } from './errors.ts';
import { trainOrFail } from './training-data.ts';

/** What `triage eval --json` prints; acceptance checks read these names. Each is explained in EVAL_REPORT_FIELDS. */
export interface EvalReport {
  accuracy: number;
  macroF1: number;
  autoThreshold: number;
  coverageAtAuto: number;
  precisionAtAuto: number;
  confidenceGap: number;
  trainSeconds: number;
  predictMicrosP50: number;
  predictMicrosP99: number;
  modelBytes: number;
  trainRows: number;
  testRows: number;
  labels: number;
  oosLabel?: string;
  oosThreshold?: number;
  oosValidationRecall?: number;
  inScopeAccuracy?: number;
  oosRecall?: number;
}

/**
 * What each field of the report means: `triage eval --help` prints it and the README's table repeats it (a test keeps
 * the two equal). Every field of EvalReport must have a line here, or the type check fails.
 */
export const EVAL_REPORT_FIELDS = {
  accuracy:
    'share of test rows given their gold label (with --oos-label, a row below oosThreshold counts as answered "out of scope")',
  macroF1:
    'F1 per label, averaged with the same weight for every label, so a rare label counts as much as a common one',
  autoThreshold:
    "confidence at or above which the server applies a label without review (--threshold, else the taxonomy's thresholds.auto)",
  coverageAtAuto: 'share of test rows whose confidence reaches autoThreshold: what would be applied without review',
  precisionAtAuto: 'share of those rows whose label is right (1 when none reach the threshold)',
  confidenceGap:
    'mean confidence minus accuracy on in-scope test rows: near 0 when confidence can be read as a probability, above 0 when the model is overconfident, below 0 when underconfident',
  trainSeconds: 'time to train on --train, in seconds',
  predictMicrosP50: 'median time to classify one test row, in microseconds',
  predictMicrosP99: '99th percentile of that time, in microseconds',
  modelBytes: 'size of the trained model as written by triage train, in bytes',
  trainRows: 'training rows used (rows labelled --oos-label are left out)',
  testRows: 'rows in --test',
  labels: 'labels the model learned',
  oosLabel: 'the --oos-label given (only with --oos-label, like the four fields below)',
  oosThreshold: `threshold on the model's in-scope score (its largest raw logit) below which a row counts as out of scope, picked on --val: the lowest one whose out-of-scope recall there is at least ${OUT_OF_SCOPE_RULE.minOosRecall} with 95 % confidence (else the one closest to that)`,
  oosValidationRecall: 'share of the --val rows labelled --oos-label caught at oosThreshold',
  inScopeAccuracy: 'share of in-scope test rows given their gold label and not rejected as out of scope',
  oosRecall: 'share of test rows labelled --oos-label caught as out of scope',
} as const satisfies Record<keyof EvalReport, string>;

export interface EvalInput {
  /** Name of the training file, for error messages. */
  trainPath: string;
  train: readonly LabelledText[];
  test: readonly LabelledText[];
  /** Needed with an oos label: the threshold is picked on it. */
  validation?: readonly LabelledText[];
  oosLabel?: string;
  autoThreshold: number;
  seed: number;
  onProgress?: (message: string) => void;
}

/** Trains on `train` (without oos rows), scores `test`: quality, calibration, coverage at auto, speed, out-of-scope. */
export function evaluateModel(input: EvalInput): EvalReport {
  const progress = input.onProgress ?? (() => undefined);
  const { oosLabel } = input;
  const trainRows = input.train.filter((row) => row.label !== oosLabel);
  progress(`training on ${trainRows.length} rows`);
  const started = performance.now();
  const model = trainOrFail(input.trainPath, trainRows, { seed: input.seed, onProgress: progress });
  const trainSeconds = (performance.now() - started) / 1000;

  progress(`predicting ${input.test.length} test rows`);
  const timings: number[] = [];
  const test = score(model, input.test, timings);
  let predictedLabels = test.map((p) => p.predicted);
  let oos: Pick<EvalReport, 'oosLabel' | 'oosThreshold' | 'oosValidationRecall' | 'inScopeAccuracy' | 'oosRecall'> = {};
  if (oosLabel !== undefined) {
    const validation = input.validation ?? [];
    if (!validation.some((row) => row.label === oosLabel)) {
      throw new CliError(
        'NO_OOS_ROWS',
        `the validation data has no rows labelled "${oosLabel}": the out-of-scope threshold is picked on them`,
      );
    }
    // Out of scope is judged on inScopeScore (the largest raw logit), which separates oos rows better than the
    // calibrated confidence; the threshold follows the product's rule (OUT_OF_SCOPE_RULE), on validation only.
    const validationScored = inScopeScored(score(model, validation, []));
    const threshold = pickOutOfScopeThreshold(validationScored, oosLabel);
    const testScored = inScopeScored(test);
    const scores = outOfScopeScores(testScored, oosLabel, threshold);
    oos = {
      oosLabel,
      oosThreshold: round(threshold),
      oosValidationRecall: round(outOfScopeScores(validationScored, oosLabel, threshold).oosRecall),
      inScopeAccuracy: round(scores.inScopeAccuracy),
      oosRecall: round(scores.oosRecall),
    };
    // Below the threshold the answer is "out of scope": that is what accuracy and macro-F1 then score.
    predictedLabels = testScored.map((p) => (p.confidence < threshold ? oosLabel : p.predicted));
  }
  const report = classificationReport(
    test.map((p) => p.gold),
    predictedLabels,
  );
  const atAuto = coverageAtThreshold(test, input.autoThreshold);
  const inScope = test.filter((p) => p.gold !== oosLabel);
  const meanConfidence = inScope.reduce((sum, p) => sum + p.confidence, 0) / Math.max(1, inScope.length);
  const inScopeAccuracy = inScope.filter((p) => p.predicted === p.gold).length / Math.max(1, inScope.length);
  return {
    accuracy: round(report.accuracy),
    macroF1: round(report.macroF1),
    autoThreshold: input.autoThreshold,
    coverageAtAuto: round(atAuto.coverage),
    precisionAtAuto: round(atAuto.precision),
    confidenceGap: round(meanConfidence - inScopeAccuracy),
    trainSeconds: Math.round(trainSeconds * 10) / 10,
    predictMicrosP50: Math.round(percentile(timings, 50)),
    predictMicrosP99: Math.round(percentile(timings, 99)),
    modelBytes: Buffer.byteLength(serializeModel(model)),
    trainRows: trainRows.length,
    testRows: input.test.length,
    labels: model.labels.length,
    ...oos,
  };
}

interface Scored extends ScoredPrediction {
  inScopeScore: number;
}

function score(model: TrainedModel, rows: readonly LabelledText[], timings: number[]): Scored[] {
  return rows.map((row) => {
    const started = performance.now();
    const prediction = predict(model, row.text);
    timings.push((performance.now() - started) * 1000);
    return {
      gold: row.label,
      predicted: prediction.label,
      confidence: prediction.confidence,
      inScopeScore: prediction.inScopeScore,
    };
  });
}

/** The same predictions scored by inScopeScore instead of confidence, for the out-of-scope threshold. */
function inScopeScored(predictions: readonly Scored[]): ScoredPrediction[] {
  return predictions.map((p) => ({ gold: p.gold, predicted: p.predicted, confidence: p.inScopeScore }));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
