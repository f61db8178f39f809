import { Worker } from 'node:worker_threads';
import { ModelTrainingError, parseModel, type TrainedModel, type TrainingRow } from '../../src/model/index.ts';

type Answer = { ok: true; artifact: string } | { ok: false; name: string; message: string };

/** A fitted model and its serialized form (what is stored), made once. */
export interface Fitted {
  readonly model: TrainedModel;
  readonly artifact: string;
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error('training aborted');
}

/**
 * Trains in a worker thread and answers the model as every instance will load it (serialized, then parsed) with its
 * serialized form for storing, so a
 * training of 100k tickets runs beside the requests instead of stalling them. Same rows and seed, same model as
 * `trainModel`. A ModelTrainingError in the worker comes back as one.
 */
export function trainInWorker(
  rows: readonly TrainingRow[],
  options: { seed: number; now: Date; version: string },
  signal?: AbortSignal,
): Promise<Fitted> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    // A plain-JS entry that loads the TypeScript worker through tsx, as `npm start` runs the server.
    const worker = new Worker(new URL('./train-worker.mjs', import.meta.url), {
      workerData: { rows, seed: options.seed, now: options.now.toISOString(), version: options.version },
    });
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(abortReason(signal));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('exit', () => signal?.removeEventListener('abort', onAbort));
    worker.once('message', (answer: Answer) => {
      if (settled) return;
      settled = true;
      if (answer.ok) {
        try {
          resolve({ model: parseModel(answer.artifact), artifact: answer.artifact });
        } catch (error) {
          reject(error instanceof Error ? error : new Error('the trained model could not be read', { cause: error }));
        }
      } else {
        reject(
          answer.name === 'ModelTrainingError'
            ? new ModelTrainingError(answer.message)
            : new Error(`training failed in its worker: ${answer.name}: ${answer.message}`),
        );
      }
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the training worker exited with code ${code} before answering`));
      settled = true;
    });
  });
}
