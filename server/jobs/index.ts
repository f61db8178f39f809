export { Periodic } from '../periodic.ts';
export { startWorker, type JobHandler, type Worker, type WorkerOptions } from './worker.ts';
