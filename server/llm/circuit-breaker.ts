export interface CircuitBreakerOptions {
  /** Consecutive endpoint failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  readonly coolDownMs: number;
  readonly now: () => Date;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops calling an endpoint that keeps failing: closed → (N failures) → open → (cool-down) →
 * half-open, where exactly one trial call runs; its success closes the circuit, its failure reopens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.options.now().getTime() - this.openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Seconds until a trial call will be allowed; 0 when calls may go now. */
  retryAfterSeconds(): number {
    if (this.openedAt === null) return 0;
    const left = this.openedAt + this.options.coolDownMs - this.options.now().getTime();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Whether a call may go now; in half-open, only the first caller gets the trial. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures++;
    if (this.trialInFlight || this.failures >= this.options.failureThreshold)
      this.openedAt = this.options.now().getTime();
    this.trialInFlight = false;
  }

  /** A call that ended without saying anything about the endpoint (a refusal, a cancel) frees the trial. */
  recordNeutral(): void {
    this.trialInFlight = false;
  }
}
