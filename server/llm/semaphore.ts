import { LlmError } from './errors.ts';

/** Bounded concurrency with a bounded queue: beyond both, callers fail at once instead of piling up. */
export class Semaphore {
  private active = 0;
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueued: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; LLM_BUSY when the queue is full; LLM_ABORTED if the signal fires while queued. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new LlmError('LLM_ABORTED', 'the LLM call was cancelled by the caller');
    if (this.active < this.maxConcurrent) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxQueued) {
      throw new LlmError(
        'LLM_BUSY',
        `the LLM tier is busy: ${this.active} calls in flight and ${this.waiting.length} queued`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new LlmError('LLM_ABORTED', 'the LLM call was cancelled while queued'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
    // The slot was handed over by release(): `active` already counts it.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.active--;
    };
  }
}
