import { Worker } from 'node:worker_threads';
import type { CheckedLines, KnownIds } from './check-line.ts';
import { READY, type CheckRequest, type CheckWorkerData } from './check-protocol.ts';

interface Pending {
  resolve(value: CheckedLines): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  /** A worker answers in the order it was asked, so the oldest request gets the next answer. */
  readonly pending: Pending[];
}

/**
 * Worker threads that check and redact chunks of lines (redaction is the CPU-heavy part of an import).
 * Chunks go round-robin; each answer is matched to its request by order. A worker that fails rejects
 * everything it still owed, so the import stops with the error instead of hanging.
 */
export class CheckPool {
  readonly size: number;
  readonly #slots: Slot[];
  #next = 0;
  #failure: Error | null = null;
  #closed = false;

  constructor(size: number, known: { labels: readonly string[]; urgencies: readonly string[] }) {
    this.size = size;
    const workerData: CheckWorkerData = { labels: known.labels, urgencies: known.urgencies };
    this.#slots = Array.from({ length: size }, () => {
      const slot: Slot = {
        worker: new Worker(new URL('./check-worker-entry.mjs', import.meta.url), { workerData }),
        ready: false,
        pending: [],
      };
      slot.worker.on('message', (answer: CheckedLines | typeof READY) => {
        if (answer === READY) slot.ready = true;
        else slot.pending.shift()?.resolve(answer);
      });
      slot.worker.on('error', (error) => this.#fail(slot, error));
      slot.worker.on('exit', (code) => {
        if (!this.#closed) this.#fail(slot, new Error(`import worker stopped (exit code ${code})`));
      });
      return slot;
    });
  }

  /** Whether every worker has loaded its code (requests sent earlier wait for it). */
  get ready(): boolean {
    return this.#slots.every((slot) => slot.ready);
  }

  check(lines: readonly string[]): Promise<CheckedLines> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error('import worker pool is closed'));
    const slot = this.#slots[this.#next++ % this.#slots.length]!;
    return new Promise<CheckedLines>((resolve, reject) => {
      slot.pending.push({ resolve, reject });
      const request: CheckRequest = { lines };
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
    for (const slot of this.#slots)
      for (const pending of slot.pending.splice(0)) pending.reject(new Error('import worker pool is closed'));
  }

  #fail(slot: Slot, error: Error): void {
    this.#failure ??= error;
    for (const pending of slot.pending.splice(0)) pending.reject(error);
  }
}

/** Label and urgency ids, as plain arrays a worker can receive. */
export function knownIdLists(
  known: KnownIds & { labelById: ReadonlyMap<string, unknown>; urgencyById: ReadonlyMap<string, unknown> },
) {
  return { labels: [...known.labelById.keys()], urgencies: [...known.urgencyById.keys()] };
}
