import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import type { TrainResponse } from '../../src/contract/index.ts';
import { classificationReport } from '../../src/metrics/index.ts';
import { splitById } from '../../src/sampling/index.ts';
import {
  ModelTrainingError,
  predict,
  serializeModel,
  trainModel,
  type TrainedModel,
  type TrainingRow,
} from '../../src/model/index.ts';
import { ApiError } from '../errors.ts';
import type { LabelledRow, ModelStore, TicketStore } from '../storage/store.ts';
import type { ModelHolder } from './model-holder.ts';
import type { Fitted } from './train-in-worker.ts';
import type { Trainer } from './trainer.ts';

/**
 * Share of labelled tickets held out, by a hash of their id, to compare the new model with the serving one. They are
 * never trained on, by any version, so the comparison is on tickets neither model has seen.
 */
export const HOLDOUT_FRACTION = 0.2;

function versionAt(now: Date): string {
  // Sortable, and unique across instances training in the same millisecond.
  return `m-${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(2).toString('hex')}`;
}

/** Predictions per slice before scoring yields to the event loop (~10–30 ms of work), so requests keep flowing. */
const SCORE_SLICE = 200;

/** Held-out accuracy and macro-F1 (within `labels` when given), predicted in slices with a yield between them (20k rows would be seconds). */
async function scoreOn(
  model: TrainedModel,
  rows: readonly LabelledRow[],
  labels: ReadonlySet<string> | null,
): Promise<{ accuracy: number; macroF1: number }> {
  const predicted: string[] = [];
  // Restricted to the taxonomy's labels, as the model answers when it serves.
  const options = labels ? { labels } : {};
  for (let start = 0; start < rows.length; start += SCORE_SLICE) {
    if (start > 0) await nextTurn();
    for (const row of rows.slice(start, start + SCORE_SLICE)) predicted.push(predict(model, row.text, options).label);
  }
  const report = classificationReport(
    rows.map((row) => row.label),
    predicted,
  );
  return { accuracy: report.accuracy, macroF1: report.macroF1 };
}

/**
 * Trains a candidate on the stored labels outside the held-out tickets (a stable 20 % chosen by a hash of the ticket
 * id) and promotes it only when its held-out macro-F1 is no worse than the serving model's on the same rows. Neither
 * model was trained on them: every version is fitted on the train side only, and a ticket never changes side
 * (docs/decisions/2026-11-30-holdout-by-ticket-id.md). Old versions stay in the store. One training at a time per
 * instance.
 */
export class ModelTrainer implements Trainer {
  private running: Promise<TrainResponse> | null = null;

  constructor(
    private readonly store: TicketStore & ModelStore,
    private readonly holder: ModelHolder,
    private readonly options: {
      now: () => Date;
      seed?: number;
      /** The taxonomy's labels now: tickets labelled with a removed label are left out, so a new model forgets it. */
      labels?: () => readonly string[];
      /** How a candidate is fitted: in this thread by default; `trainInWorker` keeps the event loop free (serve). */
      fit?: (
        rows: readonly TrainingRow[],
        options: { seed: number; now: Date; version: string },
        signal?: AbortSignal,
      ) => Promise<Fitted>;
    },
  ) {}

  /** `signal` (a stopping job worker) ends a training in a worker thread at once; the in-thread fit cannot be cut. */
  train(signal?: AbortSignal): Promise<TrainResponse> {
    // A second request while one runs gets the same run's answer rather than a duplicate version.
    this.running ??= this.run(signal).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(signal?: AbortSignal): Promise<TrainResponse> {
    signal?.throwIfAborted();
    const labelled = await this.store.labelledTickets();
    const known = this.options.labels ? new Set(this.options.labels()) : null;
    const rows = known ? labelled.filter((row) => known.has(row.label)) : labelled;
    const split = splitById(rows, { fraction: HOLDOUT_FRACTION });
    if (split.test.length === 0)
      throw new ApiError(
        'TRAINING_DATA_INSUFFICIENT',
        422,
        `only ${rows.length} labelled tickets: import more before training`,
      );
    const now = this.options.now();
    const version = versionAt(now);
    const fitOptions = { seed: this.options.seed ?? 1, now, version };
    const fit = async (subset: readonly LabelledRow[]): Promise<Fitted> => {
      const training = subset.map((row) => ({ text: row.text, label: row.label, urgency: row.urgency }));
      try {
        if (this.options.fit) return await this.options.fit(training, fitOptions, signal);
        const model = trainModel(training, fitOptions);
        return { model, artifact: serializeModel(model) };
      } catch (error) {
        if (error instanceof ModelTrainingError)
          throw new ApiError('TRAINING_DATA_INSUFFICIENT', 422, error.message, { cause: error });
        throw error;
      }
    };
    // Not refitted on the held-out rows once promoted: the next retraining would then score this model on tickets it
    // learnt (it won every comparison it should have lost). The newest corrections still train, all but the held-out share.
    const candidate = await fit(split.train);
    const score = await scoreOn(candidate.model, split.test, known);
    const serving = this.holder.current();
    const servingScore = serving ? await scoreOn(serving.model, split.test, known) : null;
    const promoted = servingScore === null || score.macroF1 >= servingScore.macroF1;
    const metrics: Record<string, number> = {
      accuracy: score.accuracy,
      macroF1: score.macroF1,
      trainRows: split.train.length,
      holdoutRows: split.test.length,
      ...(servingScore ? { servingAccuracy: servingScore.accuracy, servingMacroF1: servingScore.macroF1 } : {}),
    };
    await this.store.saveModel({
      version,
      createdAt: now.toISOString(),
      metrics,
      promoted,
      artifact: candidate.artifact,
    });
    if (promoted) this.holder.use(candidate.model);
    return { version, metrics, promoted, serving: this.holder.current()?.version ?? version };
  }
}
