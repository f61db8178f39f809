/**
 * Worker-thread entry of `trainInWorker`: trains on the rows it is given and posts the serialized model back, so a
 * long training never blocks the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeModel, trainModel, type TrainingRow } from '../../src/model/index.ts';

interface Job {
  readonly rows: readonly TrainingRow[];
  readonly seed: number;
  readonly now: string;
  readonly version: string;
}

const job = workerData as Job;
try {
  const model = trainModel(job.rows, { seed: job.seed, now: new Date(job.now), version: job.version });
  parentPort?.postMessage({ ok: true, artifact: serializeModel(model) });
} catch (error) {
  const named = error instanceof Error ? error : new Error(String(error));
  parentPort?.postMessage({ ok: false, name: named.name, message: named.message });
}
