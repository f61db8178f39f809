/** Messages between the import and its worker threads (no code here: both sides import it). */

/** What a worker is started with: the taxonomy ids lines are checked against. */
export interface CheckWorkerData {
  readonly labels: readonly string[];
  readonly urgencies: readonly string[];
}

export interface CheckRequest {
  readonly lines: readonly string[];
}

/** The first message of a worker: its modules are loaded. */
export const READY = 'ready';
