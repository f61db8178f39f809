import { modelDecisionFor } from '../../src/decide/index.ts';
import {
  classificationReport,
  coverageAtThreshold,
  decisionBands,
  servedOutOfScopeScores,
  OUT_OF_SCOPE_RULE,
  outOfScopeScores,
  percentile,
  pickOutOfScopeThreshold,
  type ScoredPrediction,
} from '../../src/metrics/index.ts';
import {
  labelThresholds,
  modelGate,
  predict,
  serializeModel,
  trainBaseline,
  type LabelThresholds,
  type TrainedModel,
} from '../../src/model/index.ts';
import { precisionTargetsFrom } from '../../src/classifier/index.ts';
import { seededRandom, shuffleInPlace } from '../../src/sampling/index.ts';
import { Thresholds } from '../../src/taxonomy/index.ts';
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
  autoLabels: number;
  autoShare: number;
  autoPrecision: number;
  draftShare: number;
  draftPrecision: number;
  reviewShare: number;
  reviewPrecision: number;
  inScopeFloor: number | null;
  heldOutLabels?: number;
  oosLabel?: string;
  oosRule?: 'served' | 'validation';
  oosThreshold?: number;
  oosValidationRecall?: number;
  inScopeAccuracy?: number;
  oosRecall?: number;
  baselineAccuracy?: number;
  baselineInScopeAccuracy?: number;
  baselineLambda?: number;
}

/**
 * What each field of the report means: `triage eval --help` prints it and the README's table repeats it (a test keeps
 * the two equal). Every field of EvalReport must have a line here, or the type check fails.
 */
export const EVAL_REPORT_FIELDS = {
  accuracy:
    'share of test rows given their gold label (with --oos-label, a row below oosThreshold, or without --val a row below the in-scope floor, counts as answered "out of scope")',
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
  trainRows: 'training rows used (rows labelled --oos-label or of a held-out label are left out)',
  testRows: 'rows in --test',
  labels: 'labels the model learned',
  autoLabels: `labels whose cross-validated precision reaches the taxonomy's thresholds.autoPrecision (a one-sided 95 % lower bound, per label): only these are applied without review`,
  autoShare: 'share of test rows the served decision applies without review (auto band)',
  autoPrecision: 'share of those whose label is right (out-of-scope rows are never right)',
  draftShare: 'share of test rows given as a draft for an agent to confirm',
  draftPrecision: 'share of the drafts whose label is right',
  reviewShare: 'share of test rows sent to review (low confidence, or below the in-scope floor)',
  reviewPrecision: 'share of the reviewed rows whose suggested label was right anyway',
  inScopeFloor:
    "the model's in-scope score floor (from cross-validation on --train): below it a ticket is out of scope and reviewed",
  heldOutLabels: 'labels removed from training by --holdout-labels; their test rows count as out of scope',
  oosLabel: 'the --oos-label given (only with --oos-label or --holdout-labels, like the fields below)',
  oosRule:
    '"served": out of scope = sent to review by the served decision (no --val); "validation": a threshold on the in-scope score picked on --val',
  oosThreshold: `threshold on the model's in-scope score (its largest raw logit) below which a row counts as out of scope, picked on --val: the lowest one whose out-of-scope recall there is at least ${OUT_OF_SCOPE_RULE.minOosRecall} with 95 % confidence (else the one closest to that)`,
  oosValidationRecall: 'share of the --val rows labelled --oos-label caught at oosThreshold',
  inScopeAccuracy:
    'share of in-scope test rows given their gold label and not rejected as out of scope (served rule: not sent to review)',
  oosRecall: 'share of out-of-scope test rows caught (served rule: sent to review)',
  baselineAccuracy:
    'with --baseline: accuracy of a tuned TF-IDF + logistic-regression classifier (word 1–2-grams, L2 strength picked by 3-fold cross-validation on --train) on the same test rows; it has no out-of-scope answer, so out-of-scope rows count against it',
  baselineInScopeAccuracy: "with --baseline and out-of-scope rows: the baseline's accuracy on the in-scope test rows",
  baselineLambda: 'with --baseline: the L2 strength cross-validation picked for it',
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
  /**
   * The taxonomy's thresholds (review, autoPrecision, escalationAutoPrecision): the served decision is scored on test
   * with them. The schema's defaults when absent. A data set's labels are not the taxonomy's, so none is an escalation.
   */
  thresholds?: Thresholds;
  /** Share of labels removed from training whose test rows then count as out of scope (held-out-label protocol). */
  holdoutLabels?: number;
  /** Also train and score the TF-IDF + logistic-regression baseline on the same rows. */
  baseline?: boolean;
  seed: number;
  onProgress?: (message: string) => void;
}

/** Label given to the test rows of held-out labels when no --oos-label names one. */
export const HELD_OUT_LABEL = '(held-out label)';

/** The labels --holdout-labels removes: a seeded share of the training labels, at least one, never all but one. */
export function pickHeldOutLabels(labels: readonly string[], fraction: number, seed: number): string[] {
  const sorted = [...new Set(labels)].sort();
  const count = Math.min(sorted.length - 2, Math.max(1, Math.round(sorted.length * fraction)));
  if (count < 1) return [];
  shuffleInPlace(sorted, seededRandom(seed * 104_729 + 3));
  return sorted.slice(0, count).sort();
}

/** Trains on `train` (without oos rows), scores `test`: quality, calibration, coverage at auto, speed, out-of-scope. */
export function evaluateModel(input: EvalInput): EvalReport {
  const progress = input.onProgress ?? (() => undefined);
  let oosLabel = input.oosLabel;
  let heldOut: ReadonlySet<string> = new Set();
  let testRows = input.test;
  if (input.holdoutLabels !== undefined) {
    heldOut = new Set(
      pickHeldOutLabels(
        input.train.filter((row) => row.label !== oosLabel).map((row) => row.label),
        input.holdoutLabels,
        input.seed,
      ),
    );
    oosLabel ??= HELD_OUT_LABEL;
    const oos = oosLabel;
    testRows = input.test.map((row) => (heldOut.has(row.label) ? { ...row, label: oos } : row));
    progress(`holding out ${heldOut.size} labels: their test rows count as out of scope`);
  }
  const trainRows = input.train.filter((row) => row.label !== oosLabel && !heldOut.has(row.label));
  progress(`training on ${trainRows.length} rows`);
  const started = performance.now();
  const model = trainOrFail(input.trainPath, trainRows, { seed: input.seed, onProgress: progress });
  const trainSeconds = (performance.now() - started) / 1000;

  progress(`predicting ${testRows.length} test rows`);
  const timings: number[] = [];
  const thresholds = input.thresholds ?? Thresholds.parse({});
  const targets = precisionTargetsFrom(thresholds, []);
  const autoThresholds = model.calibration ? labelThresholds(model.calibration, targets) : null;
  const test = score(model, testRows, timings, thresholds, autoThresholds);
  const bands = decisionBands(test);
  let predictedLabels = test.map((p) => p.predicted);
  let oos: Pick<
    EvalReport,
    'oosLabel' | 'oosRule' | 'oosThreshold' | 'oosValidationRecall' | 'inScopeAccuracy' | 'oosRecall'
  > = {};
  if (oosLabel !== undefined && input.validation !== undefined) {
    const validation = input.validation;
    if (!validation.some((row) => row.label === oosLabel)) {
      throw new CliError(
        'NO_OOS_ROWS',
        `the validation data has no rows labelled "${oosLabel}": the out-of-scope threshold is picked on them`,
      );
    }
    // Out of scope is judged on inScopeScore (the largest raw logit), which separates oos rows better than the
    // calibrated confidence; the threshold follows the product's rule (OUT_OF_SCOPE_RULE), on validation only.
    const validationScored = inScopeScored(score(model, validation, [], thresholds, autoThresholds));
    const threshold = pickOutOfScopeThreshold(validationScored, oosLabel);
    const testScored = inScopeScored(test);
    const scores = outOfScopeScores(testScored, oosLabel, threshold);
    oos = {
      oosLabel,
      oosRule: 'validation',
      oosThreshold: round(threshold),
      oosValidationRecall: round(outOfScopeScores(validationScored, oosLabel, threshold).oosRecall),
      inScopeAccuracy: round(scores.inScopeAccuracy),
      oosRecall: round(scores.oosRecall),
    };
    // Below the threshold the answer is "out of scope": that is what accuracy and macro-F1 then score.
    predictedLabels = testScored.map((p) => (p.confidence < threshold ? oosLabel : p.predicted));
  } else if (oosLabel !== undefined) {
    // No validation set: exactly the rule the server serves. Out of scope = sent to review.
    const label = oosLabel;
    const served = servedOutOfScopeScores(test, (gold) => gold === label);
    oos = {
      oosLabel,
      oosRule: 'served',
      inScopeAccuracy: round(served.inScopeAccuracy),
      oosRecall: round(served.oosRecall),
    };
    predictedLabels = test.map((p) => (p.decision === 'review' && p.outOfScope ? label : p.predicted));
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
    testRows: testRows.length,
    labels: model.labels.length,
    autoLabels: autoThresholds ? [...autoThresholds.values()].filter((t) => t.auto !== null).length : 0,
    autoShare: round(bands.auto.share),
    autoPrecision: round(bands.auto.precision),
    draftShare: round(bands.draft.share),
    draftPrecision: round(bands.draft.precision),
    reviewShare: round(bands.review.share),
    reviewPrecision: round(bands.review.precision),
    inScopeFloor: model.calibration?.inScopeFloor ?? null,
    ...(input.holdoutLabels !== undefined ? { heldOutLabels: heldOut.size } : {}),
    ...oos,
    ...(input.baseline ? baselineScores(trainRows, testRows, oosLabel, input.seed, progress) : {}),
  };
}

/** The tuned TF-IDF + logistic-regression baseline on the same training and test rows (`--baseline`). */
function baselineScores(
  trainRows: readonly LabelledText[],
  testRows: readonly LabelledText[],
  oosLabel: string | undefined,
  seed: number,
  progress: (message: string) => void,
): Pick<EvalReport, 'baselineAccuracy' | 'baselineInScopeAccuracy' | 'baselineLambda'> {
  progress('training the TF-IDF + logistic-regression baseline');
  const baseline = trainBaseline(trainRows, seed);
  const right = testRows.map((row) => baseline.predict(row.text) === row.label);
  const inScope = right.filter((_, i) => testRows[i]!.label !== oosLabel);
  const share = (values: readonly boolean[]) => values.filter(Boolean).length / Math.max(1, values.length);
  return {
    baselineAccuracy: round(share(right)),
    ...(oosLabel !== undefined ? { baselineInScopeAccuracy: round(share(inScope)) } : {}),
    baselineLambda: baseline.lambda,
  };
}

interface Scored extends ScoredPrediction {
  inScopeScore: number;
  /** What the server would do with this answer (modelDecisionFor, the model's own gate). */
  decision: 'auto' | 'draft' | 'review';
  outOfScope: boolean;
}

function score(
  model: TrainedModel,
  rows: readonly LabelledText[],
  timings: number[],
  thresholds: Thresholds,
  autoThresholds: ReadonlyMap<string, LabelThresholds> | null,
): Scored[] {
  return rows.map((row) => {
    const started = performance.now();
    const prediction = predict(model, row.text);
    timings.push((performance.now() - started) * 1000);
    const served = modelDecisionFor(prediction.confidence, thresholds, modelGate(model, prediction, autoThresholds));
    return {
      gold: row.label,
      predicted: prediction.label,
      confidence: prediction.confidence,
      inScopeScore: prediction.inScopeScore,
      decision: served.decision,
      outOfScope: served.outOfScope,
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
