/** Token bucket per key: `burst` requests at once, refilled at `perSecond`. In-process: each instance limits alone. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token for `key`; returns 0 when allowed, else the whole seconds until a token is back. */
  take(key: string, nowMs: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedMs: nowMs };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.perSecond);
    bucket.updatedMs = nowMs;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.prune(nowMs);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Full buckets carry no state worth keeping: dropping them bounds memory under many installations. */
  private prune(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
