import { parentPort, workerData } from 'node:worker_threads';
import { checkLines } from './check-line.ts';

/** Worker thread body: checks and redacts the chunks of lines it is sent, answering each in order. */
export interface CheckWorkerData {
  readonly labels: readonly string[];
  readonly urgencies: readonly string[];
}

export interface CheckRequest {
  readonly lines: readonly string[];
}

const data = workerData as CheckWorkerData;
const known = { labelById: new Set(data.labels), urgencyById: new Set(data.urgencies) };

parentPort?.on('message', (request: CheckRequest) => {
  parentPort?.postMessage(checkLines(request.lines, known));
});
