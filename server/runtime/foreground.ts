import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long background work waits for a quiet moment before it takes one step anyway (it is never starved). */
export const BACKGROUND_MAX_WAIT_MS = 250;

/**
 * Requests someone is waiting for (a webhook delivery's acknowledgement, an agent's sidebar) against work nobody
 * waits for (background triage, history imports). Background work runs in steps and, before each, waits until no
 * request is in flight: a delivery then waits for at most one step of a job, not for a queue of them. In this one
 * process they share the event loop and, under PGlite, the database's single connection
 * (docs/decisions/2026-12-07-foreground-first.md).
 */
export class Foreground {
  #inFlight = 0;
  #waiting: (() => void)[] = [];

  /** Counts a request as in flight until the returned function is called (once; later calls do nothing). */
  enter(): () => void {
    this.#inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#inFlight--;
      if (this.#inFlight === 0) for (const wake of this.#waiting.splice(0)) wake();
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Resolves on a later turn of the event loop (so requests that have arrived meanwhile are read first) once no request
   * is in flight, or after `maxWaitMs` however busy it is.
   */
  async quiet(maxWaitMs: number = BACKGROUND_MAX_WAIT_MS): Promise<void> {
    await nextTurn();
    if (this.#inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const at = this.#waiting.indexOf(done);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.#waiting.push(done);
    });
  }
}
