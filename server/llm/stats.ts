import type { LlmErrorCode } from './errors.ts';

export type LlmOutcome = 'ok' | LlmErrorCode;

/** One finished classify call, for metrics (no text, no installation-identifying labels needed). */
export interface LlmCallEvent {
  readonly outcome: LlmOutcome;
  /** False when the call failed fast (circuit open, over budget, busy, unredacted) without reaching the endpoint. */
  readonly reachedEndpoint: boolean;
  readonly latencyMs: number;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly usd: number;
}

/** Upper bounds (ms) of the latency histogram: Prometheus-style cumulative buckets. */
export const LATENCY_BUCKETS_MS = [100, 250, 500, 1000, 2500, 5000, 10_000, 30_000] as const;

export interface LlmStats {
  /** Calls that reached the endpoint. */
  readonly calls: number;
  /** Calls that ended in an error, including those that failed fast. */
  readonly failures: number;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly usd: number;
  readonly byOutcome: Readonly<Record<string, number>>;
  /** Latency of calls that reached the endpoint: cumulative counts per upper bound, plus count and sum. */
  readonly latencyMs: {
    readonly count: number;
    readonly sum: number;
    readonly buckets: readonly { le: number; count: number }[];
  };
}

/** Sums call events; cheap enough to run on every call. */
export class StatsCollector {
  private calls = 0;
  private failures = 0;
  private tokensIn = 0;
  private tokensOut = 0;
  private usd = 0;
  private readonly byOutcome = new Map<string, number>();
  private latencyCount = 0;
  private latencySum = 0;
  private readonly bucketCounts = LATENCY_BUCKETS_MS.map(() => 0);

  record(event: LlmCallEvent): void {
    this.byOutcome.set(event.outcome, (this.byOutcome.get(event.outcome) ?? 0) + 1);
    if (event.outcome !== 'ok') this.failures++;
    this.tokensIn += event.tokensIn;
    this.tokensOut += event.tokensOut;
    this.usd += event.usd;
    if (!event.reachedEndpoint) return;
    this.calls++;
    this.latencyCount++;
    this.latencySum += event.latencyMs;
    LATENCY_BUCKETS_MS.forEach((bound, index) => {
      if (event.latencyMs <= bound) this.bucketCounts[index] = (this.bucketCounts[index] ?? 0) + 1;
    });
  }

  snapshot(): LlmStats {
    return {
      calls: this.calls,
      failures: this.failures,
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      usd: Math.round(this.usd * 1e6) / 1e6,
      byOutcome: Object.fromEntries(this.byOutcome),
      latencyMs: {
        count: this.latencyCount,
        sum: this.latencySum,
        buckets: LATENCY_BUCKETS_MS.map((le, index) => ({ le, count: this.bucketCounts[index] ?? 0 })),
      },
    };
  }
}
