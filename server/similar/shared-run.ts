/**
 * One run of `work` shared by every caller that asks while it is in flight: concurrent callers get the same promise,
 * and the next call after it settles starts a fresh run.
 */
export class SharedRun {
  private running: Promise<void> | null = null;

  constructor(private readonly work: () => Promise<void>) {}

  run(): Promise<void> {
    this.running ??= this.work().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for the run in flight, if any, whatever its outcome (shutdown: nothing may use the store after). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
