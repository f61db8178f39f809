import { errorCode } from '../../src/errors/index.ts';
import type { Job, JobStore } from '../storage/index.ts';

/** Runs one job; `job` says which installation it belongs to (a worker claims jobs of every installation). */
export type JobHandler = (payload: unknown, signal: AbortSignal, job: Job) => Promise<void>;

export interface WorkerOptions {
  readonly workerId: string;
  /** Wait between empty polls (default 1 s). */
  readonly pollMs?: number;
  /** How long a claimed job stays ours without renewal (default 60 s); renewed every third of it. */
  readonly leaseMs?: number;
  /**
   * Awaited before each claim: background work waits for a quiet moment (server/runtime Foreground's `quiet`), so the
   * claim and the job's first statements do not queue in front of requests someone is waiting for.
   */
  readonly beforeClaim?: () => Promise<void>;
  /** Storage errors of the loop and handler failures, for logging. Never ticket text: jobs carry ids. */
  readonly onError?: (error: unknown, job: Job | null) => void;
}

export interface Worker {
  /** Stops claiming, aborts the running job's signal and resolves once the loop has ended. */
  stop(): Promise<void>;
  /** A job was just enqueued here: claim now instead of at the end of the poll wait (no-op while busy). */
  wake(): void;
}

/** What failJob records: a code when the error has one, else its name and message, capped. */
function errorSummary(error: unknown): string {
  if (error instanceof Error) {
    return `${errorCode(error) ?? error.name}: ${error.message}`;
  }
  return String(error);
}

/**
 * Claims jobs of the handled kinds one at a time and runs them. A job that ends is completed; one that
 * throws is failed (retried with backoff by the store). Losing the lease aborts the handler's signal.
 * A job interrupted by stop() goes back to pending at once for another instance.
 */
export function startWorker(
  store: JobStore,
  handlers: Readonly<Record<string, JobHandler>>,
  options: WorkerOptions,
): Worker {
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const kinds = Object.keys(handlers);
  const stopping = new AbortController();
  let wakeUp: (() => void) | null = null;
  // Set by wake() while a claim is in flight, so a job enqueued just after an empty claim is not left for a whole poll.
  let woken = false;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function run(job: Job): Promise<void> {
    const controller = new AbortController();
    const onStop = () => controller.abort(new Error('WORKER_STOPPED'));
    stopping.signal.addEventListener('abort', onStop);
    const renewal = setInterval(
      () => {
        store.extendLease(job.id, options.workerId, leaseMs).then(
          (held) => {
            if (!held) controller.abort(new Error('LEASE_LOST'));
          },
          (error: unknown) => options.onError?.(error, job),
        );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    try {
      const handler = handlers[job.kind]!;
      await handler(job.payload, controller.signal, job);
      await store.completeJob(job.id);
    } catch (error) {
      options.onError?.(error, job);
      // Stopped: hand it straight back. Lease lost: another worker has it now, leave it alone.
      if (controller.signal.aborted && (controller.signal.reason as Error).message === 'LEASE_LOST') return;
      const interrupted = stopping.signal.aborted;
      await store
        .failJob(job.id, interrupted ? 'WORKER_STOPPED' : errorSummary(error), interrupted ? { retryInMs: 0 } : {})
        .catch((failure: unknown) => options.onError?.(failure, job));
    } finally {
      clearInterval(renewal);
      stopping.signal.removeEventListener('abort', onStop);
    }
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let job: Job | null = null;
      woken = false;
      try {
        await options.beforeClaim?.();
        if (stopping.signal.aborted) break;
        job = await store.claimJob(kinds, options.workerId, leaseMs);
      } catch (error) {
        options.onError?.(error, null);
      }
      if (job) await run(job);
      else if (!stopping.signal.aborted) await pause(pollMs);
    }
  })();

  return {
    async stop() {
      stopping.abort();
      wakeUp?.();
      await loop;
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
  };
}
