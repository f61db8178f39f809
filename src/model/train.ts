import { classificationReport } from '../metrics/index.ts';
import { splitHoldout } from '../sampling/index.ts';
import { fitTemperature } from './calibration.ts';
import { ModelTrainingError } from './errors.ts';
import { buildVectorizer, featureStrings, vectorize, type SparseVector, type Vectorizer } from './features.ts';
import { logits, quantizeHead, withTemperature, type Head } from './head.ts';
import type { TrainedModel, TrainingRow, TrainOptions } from './model.ts';
import { trainSoftmax } from './softmax.ts';

/** Learner settings; chosen on BANKING77 / CLINC150 (docs/decisions/2026-11-23-local-model.md). */
export const HYPERPARAMETERS = {
  epochs: 5,
  lambda: 5e-6,
  learningRate: 3,
  maxFeatures: 80_000,
  /** Share of rows held out to fit the temperature; the final model is then trained on every row. */
  calibrationFraction: 0.15,
  /** Below this many rows calibration is skipped (temperature 1): too few to fit anything. */
  calibrationMinRows: 40,
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
    rows.map((row) => row.label),
    vectorizer,
    seed,
    progress,
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
      urgencyRows.map((row) => row.urgency),
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
  };
}

function trainCalibratedHead(
  name: string,
  classes: string[],
  vectors: SparseVector[],
  targets: number[],
  goldLabels: string[],
  vectorizer: Vectorizer,
  seed: number,
  progress: (message: string) => void,
): { head: Head; metrics: Record<string, number> } {
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
  let temperature = 1;
  if (vectors.length >= HYPERPARAMETERS.calibrationMinRows) {
    const indexed = goldLabels.map((label, index) => ({ label, index }));
    const split = splitHoldout(indexed, { fraction: HYPERPARAMETERS.calibrationFraction, seed });
    if (split.test.length > 0) {
      progress(`${name}: calibration model on ${split.train.length} rows, ${split.test.length} held out`);
      const head = fit(
        {
          rows: split.train.map((row) => vectors[row.index]!),
          targets: Int32Array.from(split.train, (row) => targets[row.index]!),
        },
        seed,
      );
      const heldOut = split.test.map((row) => logits(head, vectors[row.index]!));
      temperature = fitTemperature(
        heldOut,
        split.test.map((row) => targets[row.index]!),
      );
      const predicted = heldOut.map((scores) => classes[argmax(scores)]!);
      const report = classificationReport(
        split.test.map((row) => row.label),
        predicted,
      );
      Object.assign(metrics, {
        heldOutRows: split.test.length,
        heldOutAccuracy: report.accuracy,
        heldOutMacroF1: report.macroF1,
        temperature,
      });
    }
  }
  progress(`${name}: final model on ${vectors.length} rows`);
  return { head: withTemperature(fit(all, seed), temperature), metrics: name === 'label' ? metrics : {} };
}

export function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
