import { parentPort, workerData } from 'node:worker_threads';
import { checkLines } from './check-line.ts';
import { READY, type CheckRequest, type CheckWorkerData } from './check-protocol.ts';

/** Worker thread body: checks and redacts the chunks of lines it is sent, answering each in order. */
const data = workerData as CheckWorkerData;
const known = { labelById: new Set(data.labels), urgencyById: new Set(data.urgencies) };

parentPort?.on('message', (request: CheckRequest) => {
  parentPort?.postMessage(checkLines(request.lines, known));
});
// Loading the redaction code takes a while: until this arrives the import may check lines itself.
parentPort?.postMessage(READY);
