import { languageOf, loadLanguageModel } from '../../src/language/index.ts';
import { createLocalClassifier, ModelTrainingError, trainModel } from '../../src/model/index.ts';
import {
  outOfFoldPredictions,
  readinessReport,
  weekStarts,
  weeklyAgreement,
  type FeedbackInput,
  type HeldOutOptions,
  type LabelledExample,
  type ReadinessReport,
} from '../../src/report/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import { ApiError } from '../errors.ts';
import type { FeedbackStore, ModelStore } from '../storage/store.ts';
import { trainInWorker } from '../training/index.ts';

/** Folds of the cross-validation: every ticket is predicted by a model trained on the other 80 %, like the holdout. */
export const REPORT_FOLDS = 5;
/** Weeks of agreement shown in the trend. */
export const AGREEMENT_WEEKS = 8;

export type Fit = HeldOutOptions['fit'];

/** What agent agreement reads of a store: feedback counts and the serving model. */
export type FeedbackSource = Pick<FeedbackStore, 'feedbackCounts'> & Pick<ModelStore, 'latestModel'>;

/** Trains each fold's model in this thread (the CLI). */
export function fitInThread(seed: number): Fit {
  return (rows) => createLocalClassifier(trainModel(rows, { seed, version: 'report-fold' }));
}

/** Trains each fold's model in a worker thread, so a server building a report keeps answering requests. */
export function fitInWorker(seed: number, now: () => Date): Fit {
  return async (rows) =>
    createLocalClassifier((await trainInWorker(rows, { seed, now: now(), version: 'report-fold' })).model);
}

export interface BuildReportInput {
  readonly taxonomy: Taxonomy;
  readonly rows: readonly LabelledExample[];
  readonly fit: Fit;
  /** The installation's feedback and models, for agent agreement; null for a report from a file. */
  readonly feedback: FeedbackSource | null;
  readonly now: Date;
  /** Where the tickets came from, as the page names it (a file name, "installation acme"). */
  readonly source: string;
  readonly folds?: number;
  readonly onProgress?: (message: string) => void;
}

/**
 * The readiness report of labelled tickets: out-of-fold predictions decided by the served rule, never a prediction of
 * a model on a ticket it trained on; agent agreement from the stored feedback. 422 when there is nothing to learn from.
 */
export async function buildReadinessReport(input: BuildReportInput): Promise<ReadinessReport> {
  const { taxonomy } = input;
  const folds = input.folds ?? REPORT_FOLDS;
  const known = input.rows.filter((row) => taxonomy.labelById.has(row.label));
  if (known.length === 0)
    throw new ApiError(
      'NO_LABELLED_TICKETS',
      422,
      input.rows.length === 0
        ? 'no labelled tickets: import labelled tickets (or wait for agents to confirm some) before asking for a report'
        : `none of the ${input.rows.length} labelled tickets has a label the taxonomy has`,
    );
  const labels = new Set(known.map((row) => row.label));
  if (labels.size < 2 || known.length < folds * 2)
    throw new ApiError(
      'TRAINING_DATA_INSUFFICIENT',
      422,
      `${known.length} labelled tickets over ${labels.size} label(s): the report needs at least ${folds * 2} tickets and 2 labels`,
    );
  // The detector the served pipeline uses, loaded once: language-limited rules fire as they would on each ticket.
  const language = await loadLanguageModel();
  let predictions;
  try {
    predictions = await outOfFoldPredictions(known, {
      taxonomy,
      folds,
      fit: input.fit,
      languageOf: (text) => languageOf(language, text),
      onFold: (fold) => input.onProgress?.(`fold ${fold + 1} of ${folds}`),
    });
  } catch (error) {
    if (error instanceof ModelTrainingError)
      throw new ApiError('TRAINING_DATA_INSUFFICIENT', 422, error.message, { cause: error });
    throw error;
  }
  return readinessReport({
    taxonomy,
    predictions,
    protocol: `${folds}-fold cross-validation by ticket id: each ticket is decided by a model that never trained on it`,
    unknownLabelRows: input.rows.length - known.length,
    feedback: input.feedback ? await feedbackOf(input.feedback, input.now) : null,
    generatedAt: input.now.toISOString(),
    source: input.source,
  });
}

/** Agreement since the serving model was trained, and per week over the last AGREEMENT_WEEKS, from the store's counts. */
export async function feedbackOf(store: FeedbackSource, now: Date): Promise<FeedbackInput> {
  const model = await store.latestModel();
  const starts = weekStarts(now, AGREEMENT_WEEKS);
  // Independent reads: asked together (a PostgreSQL pool runs them side by side; PGlite queues them anyway).
  const [sinceModel, ...since] = await Promise.all([
    store.feedbackCounts(model?.createdAt ?? null),
    ...starts.map((start) => store.feedbackCounts(start)),
  ]);
  return {
    modelVersion: model?.version ?? null,
    modelCreatedAt: model?.createdAt ?? null,
    sinceModel,
    weekly: weeklyAgreement(starts, since),
  };
}
