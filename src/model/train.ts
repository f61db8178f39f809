import { classificationReport } from '../metrics/index.ts';
import { seededRandom, shuffleInPlace } from '../sampling/index.ts';
import { fitTemperature } from './calibration.ts';
import { ModelTrainingError } from './errors.ts';
import { buildVectorizer, featureStrings, vectorize, type SparseVector, type Vectorizer } from './features.ts';
import { logits, quantizeHead, withTemperature, type Head } from './head.ts';
import type { ServingCalibration, TrainedModel, TrainingRow, TrainOptions } from './model.ts';
import { softmaxInPlace, trainSoftmax } from './softmax.ts';

/** Learner settings; chosen on BANKING77 / CLINC150 (docs/decisions/2026-11-23-local-model.md). */
export const HYPERPARAMETERS = {
  epochs: 5,
  lambda: 5e-6,
  learningRate: 3,
  maxFeatures: 80_000,
  /**
   * Cross-validation folds: each row is scored by a model that did not see it (out of fold). Those scores fit the
   * temperature, the in-scope floor and each label's auto threshold; the final model is then trained on every row.
   * Three folds cost about two extra trainings (docs/decisions/2026-12-07-served-out-of-scope.md).
   */
  folds: 3,
  /** At most this many rows are cross-validated (a seeded, label-stratified sample): bounds the cost on big accounts. */
  foldMaxRows: 20_000,
  /** Below this many rows calibration is skipped (temperature 1): too few to fit anything. */
  calibrationMinRows: 40,
  /**
   * The in-scope floor is this quantile of the out-of-fold in-scope scores of the training rows: a ticket scoring
   * lower than all but this share of the account's own tickets is treated as unlike them (out of scope).
   */
  inScopeQuantile: 0.05,
  /**
   * Unseen-label simulation: beside each fold model, a second one is trained on the same rows minus this share of the
   * labels (disjoint sets per fold, seeded; a third with three folds, so nearly every label is left out once). Its
   * held-out rows of those labels are tickets of a kind it never saw; the label it gives them counts them as wrong
   * when that label's auto threshold is picked, so a label whose look-alikes would be taken for it is not
   * auto-applied. The in-scope evidence (temperature, floor, right and wrong answers) still comes from the full fold
   * models. 0 turns it off (docs/decisions/2026-12-07-served-out-of-scope.md).
   */
  unseenLabelShare: 1 / 3,
} as const;

interface Encoded {
  rows: SparseVector[];
  targets: Int32Array;
}

/**
 * Trains the label head (and an urgency head when rows carry at least two urgency levels) on TF-IDF features,
 * fits a temperature on a held-out share, then retrains on every row. Deterministic for the same rows and seed.
 */
export function trainModel(rows: readonly TrainingRow[], options: TrainOptions = {}): TrainedModel {
  const seed = options.seed ?? 1;
  const progress = options.onProgress ?? (() => undefined);
  const now = options.now ?? new Date();
  if (rows.length === 0) throw new ModelTrainingError('no training rows: give at least two labels with examples');
  rows.forEach((row, index) => {
    if (row.text.trim() === '') throw new ModelTrainingError(`row ${index + 1} has an empty text`);
    if (row.label.trim() === '') throw new ModelTrainingError(`row ${index + 1} has an empty label`);
  });
  const labels = [...new Set(rows.map((row) => row.label))].sort();
  if (labels.length < 2)
    throw new ModelTrainingError(`need at least two labels to train, got ${labels.length} ("${labels[0]}")`);

  const started = Date.now();
  const documents = rows.map((row) => featureStrings(row.text));
  const vectorizer = buildVectorizer(documents, {
    minDocumentFrequency: rows.length >= 200 ? 2 : 1,
    maxFeatures: HYPERPARAMETERS.maxFeatures,
  });
  const vectors = documents.map((document) => vectorize(vectorizer, document));
  progress(`features: ${vectorizer.features.length} from ${rows.length} rows`);

  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const labelHead = trainCalibratedHead(
    'label',
    labels,
    vectors,
    rows.map((row) => labelIndex.get(row.label)!),
    vectorizer,
    seed,
    progress,
    options.unseenLabelShare ?? HYPERPARAMETERS.unseenLabelShare,
  );

  const urgencyRows = rows.flatMap((row, index) => (row.urgency ? [{ index, urgency: row.urgency }] : []));
  const urgencyLevels = [...new Set(urgencyRows.map((row) => row.urgency))].sort();
  let urgencyHead: Head | null = null;
  if (urgencyLevels.length >= 2) {
    const urgencyIndex = new Map(urgencyLevels.map((level, index) => [level, index]));
    urgencyHead = trainCalibratedHead(
      'urgency',
      urgencyLevels,
      urgencyRows.map((row) => vectors[row.index]!),
      urgencyRows.map((row) => urgencyIndex.get(row.urgency)!),
      vectorizer,
      seed + 1,
      progress,
    ).head;
  }
  progress(`trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return {
    version: options.version ?? `local-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`,
    trainedAt: now.toISOString(),
    labels,
    urgencyLevels: urgencyHead ? urgencyLevels : [],
    metrics: {
      trainingRows: rows.length,
      features: vectorizer.features.length,
      ...labelHead.metrics,
    },
    internals: { vectorizer, label: labelHead.head, urgency: urgencyHead },
    calibration: calibrationFrom(labels, labelHead.outOfFold, labelHead.head.temperature),
  };
}

/** Out-of-fold confidences per predicted label and the in-scope floor: what serving derives its gates from. */
export function calibrationFrom(
  classes: readonly string[],
  outOfFold: readonly OutOfFold[],
  temperature: number,
): ServingCalibration {
  const labels: Record<string, { right: number[]; wrong: number[]; unseen: number[] }> = {};
  for (const label of classes) labels[label] = { right: [], wrong: [], unseen: [] };
  for (const row of outOfFold) {
    const p = Float64Array.from(row.logits);
    softmaxInPlace(p, temperature);
    const confidence = round4(p[row.predicted]!);
    const entry = labels[classes[row.predicted]!]!;
    (row.unseen ? entry.unseen : row.predicted === row.gold ? entry.right : entry.wrong).push(confidence);
  }
  for (const entry of Object.values(labels)) for (const list of Object.values(entry)) list.sort((a, b) => b - a);
  const scores = outOfFold
    .filter((row) => !row.unseen)
    .map((row) => row.inScopeScore)
    .sort((a, b) => a - b);
  const quantiles = Array.from({ length: 101 }, (_, q) =>
    scores.length === 0
      ? -Infinity
      : round4(scores[Math.min(scores.length - 1, Math.floor((q / 100) * scores.length))]!),
  );
  return {
    folds: HYPERPARAMETERS.folds,
    outOfFoldRows: outOfFold.length,
    unseenRows: outOfFold.filter((row) => row.unseen).length,
    inScopeFloor: scores.length === 0 ? null : quantiles[Math.round(HYPERPARAMETERS.inScopeQuantile * 100)]!,
    inScopeQuantiles: scores.length === 0 ? [] : quantiles,
    labels,
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** One row scored by a fold model that did not see it. */
interface OutOfFold {
  gold: number;
  predicted: number;
  /** Largest raw logit (before temperature): the in-scope score. */
  inScopeScore: number;
  logits: Float64Array;
  /** The fold model was trained without this row's label (unseenLabelShare). */
  unseen: boolean;
}

/**
 * Seeded, label-stratified fold of each row (-1: not cross-validated). Above `foldMaxRows` a random sample is
 * cross-validated. Labels are dealt round-robin from a random start, so every fold gets its share of each label.
 */
export function assignFolds(targets: readonly number[], folds: number, maxRows: number, seed: number): Int32Array {
  const random = seededRandom(seed * 7919 + 17);
  const order = Int32Array.from(targets.keys());
  shuffleInPlace(order, random);
  const sampled = Array.from(order.subarray(0, Math.min(maxRows, order.length)));
  const fold = new Int32Array(targets.length).fill(-1);
  const byLabel = new Map<number, number[]>();
  for (const index of sampled) {
    const group = byLabel.get(targets[index]!);
    if (group) group.push(index);
    else byLabel.set(targets[index]!, [index]);
  }
  let next = 0;
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    for (const index of byLabel.get(label)!) fold[index] = next++ % folds;
  }
  return fold;
}

/**
 * Labels each fold model leaves out: disjoint random sets of round(share × labels) labels, fewer when at least two
 * labels would not remain.
 */
export function unseenLabelsPerFold(labels: number, folds: number, share: number, seed: number): Set<number>[] {
  const count = Math.max(0, Math.min(Math.round(share * labels), labels - 2, Math.floor(labels / folds)));
  const order = Int32Array.from({ length: labels }, (_, i) => i);
  shuffleInPlace(order, seededRandom(seed * 31 + 7));
  return Array.from({ length: folds }, (_, f) => new Set(order.subarray(f * count, (f + 1) * count)));
}

function trainCalibratedHead(
  name: string,
  classes: string[],
  vectors: SparseVector[],
  targets: number[],
  vectorizer: Vectorizer,
  seed: number,
  progress: (message: string) => void,
  unseenShare = 0,
): { head: Head; metrics: Record<string, number>; outOfFold: OutOfFold[] } {
  const fit = (encoded: Encoded, runSeed: number): Head =>
    quantizeHead(
      classes,
      trainSoftmax(encoded.rows, encoded.targets, {
        numFeatures: vectorizer.features.length,
        numClasses: classes.length,
        epochs: HYPERPARAMETERS.epochs,
        lambda: HYPERPARAMETERS.lambda,
        learningRate: HYPERPARAMETERS.learningRate,
        seed: runSeed,
      }),
    );
  const all: Encoded = { rows: vectors, targets: Int32Array.from(targets) };
  const metrics: Record<string, number> = {};
  const outOfFold: OutOfFold[] = [];
  let temperature = 1;
  if (vectors.length >= HYPERPARAMETERS.calibrationMinRows) {
    const k = HYPERPARAMETERS.folds;
    const fold = assignFolds(targets, k, HYPERPARAMETERS.foldMaxRows, seed);
    const unseenIn = unseenLabelsPerFold(classes.length, k, unseenShare, seed);
    for (let f = 0; f < k; f++) {
      const train: number[] = [];
      const held: number[] = [];
      fold.forEach((value, index) => {
        if (value === f) held.push(index);
        else if (value >= 0) train.push(index);
      });
      if (held.length === 0 || new Set(train.map((index) => targets[index])).size < 2) continue;
      progress(`${name}: fold ${f + 1} of ${k}: ${train.length} rows, ${held.length} held out`);
      const head = fit(
        { rows: train.map((index) => vectors[index]!), targets: Int32Array.from(train, (index) => targets[index]!) },
        seed + f + 1,
      );
      for (const index of held) outOfFold.push(scoreOutOfFold(head, vectors[index]!, targets[index]!, false));
      // A second fold model without some labels: its held-out rows of those labels are tickets of a kind it never
      // saw, scored as unseen traffic would be (predicted as a known label, counted wrong).
      const unseen = unseenIn[f]!;
      if (unseen.size === 0) continue;
      const trainKnown = train.filter((index) => !unseen.has(targets[index]!));
      const heldUnseen = held.filter((index) => unseen.has(targets[index]!));
      if (heldUnseen.length === 0 || new Set(trainKnown.map((index) => targets[index])).size < 2) continue;
      progress(`${name}: fold ${f + 1} of ${k} without ${unseen.size} labels: ${heldUnseen.length} unseen rows`);
      const without = fit(
        {
          rows: trainKnown.map((index) => vectors[index]!),
          targets: Int32Array.from(trainKnown, (index) => targets[index]!),
        },
        seed + k + f + 1,
      );
      for (const index of heldUnseen)
        outOfFold.push(scoreOutOfFold(without, vectors[index]!, targets[index]!, true, unseen));
    }
    // Temperature and held-out figures from rows whose label the fold model knew.
    const known = outOfFold.filter((row) => !row.unseen);
    if (known.length > 0) {
      temperature = fitTemperature(
        known.map((row) => row.logits),
        known.map((row) => row.gold),
      );
      const report = classificationReport(
        known.map((row) => classes[row.gold]!),
        known.map((row) => classes[row.predicted]!),
      );
      Object.assign(metrics, {
        heldOutRows: known.length,
        heldOutAccuracy: report.accuracy,
        heldOutMacroF1: report.macroF1,
        temperature,
      });
    }
  }
  progress(`${name}: final model on ${vectors.length} rows`);
  return {
    head: withTemperature(fit(all, seed), temperature),
    metrics: name === 'label' ? metrics : {},
    outOfFold,
  };
}

/**
 * One held-out row scored by a fold model; `unseen`: the model was trained without the row's label. Labels the model
 * was trained without (`absent`) can never be its answer: their logits are set to -Infinity.
 */
function scoreOutOfFold(
  head: Head,
  vector: SparseVector,
  gold: number,
  unseen: boolean,
  absent: ReadonlySet<number> = new Set(),
): OutOfFold {
  const scores = logits(head, vector);
  for (const label of absent) scores[label] = -Infinity;
  const predicted = argmax(scores);
  return { gold, predicted, inScopeScore: scores[predicted]!, logits: scores, unseen };
}

export function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
