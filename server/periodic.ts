/**
 * Runs `task` every `intervalMs` (unref'd, so it never keeps the process alive), at most one run at a time: a tick
 * while the previous run is in flight is skipped. Failures go to `onError` and the next tick tries again. `stop()`
 * waits for a run in flight, so what the task uses (the store) can be closed right after.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number, options: { immediately?: boolean } = {}): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
    if (options.immediately) this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.task()
      .then(() => undefined, this.onError)
      .finally(() => (this.running = null));
  }
}
