/** Daily limits per installation; null means no limit of that kind. */
export interface BudgetLimits {
  readonly calls: number | null;
  readonly usd: number | null;
}

export interface BudgetKey {
  readonly installation: string;
  /** UTC day, YYYY-MM-DD: budgets reset at midnight UTC. */
  readonly day: string;
}

export interface Spend {
  readonly calls: number;
  readonly usd: number;
}

/**
 * Where daily LLM spend is counted. The in-memory ledger serves one process; several server
 * instances on one PostgreSQL need a database-backed ledger (one row per installation and day,
 * `INSERT … ON CONFLICT DO UPDATE … WHERE calls < $limit RETURNING`) so they share the count.
 */
export interface BudgetLedger {
  /** Counts one call if the day's spend is still under both limits; false (nothing counted) when it is not. */
  tryReserve(key: BudgetKey, limits: BudgetLimits): Promise<boolean>;
  /** Adds the cost of a reserved call once its usage is known. */
  settle(key: BudgetKey, usd: number): Promise<void>;
  spent(key: BudgetKey): Promise<Spend>;
}

/** The UTC day of an instant, as a budget key part. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Seconds from `now` to the next UTC midnight, when a spent budget refills. */
export function secondsUntilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

export function isUnderLimits(spend: Spend, limits: BudgetLimits): boolean {
  return (limits.calls === null || spend.calls < limits.calls) && (limits.usd === null || spend.usd < limits.usd);
}

/** One process's ledger; days other than the newest seen are dropped so it does not grow. */
export function createInMemoryBudgetLedger(): BudgetLedger {
  const spends = new Map<string, Spend>();
  let newestDay = '';
  const keyOf = (key: BudgetKey) => `${key.day}\u0000${key.installation}`;
  const forget = (day: string) => {
    if (day <= newestDay) return;
    newestDay = day;
    for (const stored of spends.keys()) if (!stored.startsWith(`${day}\u0000`)) spends.delete(stored);
  };
  return {
    async tryReserve(key, limits) {
      forget(key.day);
      const spend = spends.get(keyOf(key)) ?? { calls: 0, usd: 0 };
      if (!isUnderLimits(spend, limits)) return false;
      spends.set(keyOf(key), { calls: spend.calls + 1, usd: spend.usd });
      return true;
    },
    async settle(key, usd) {
      const spend = spends.get(keyOf(key)) ?? { calls: 0, usd: 0 };
      spends.set(keyOf(key), { calls: spend.calls, usd: Math.round((spend.usd + usd) * 1e6) / 1e6 });
    },
    async spent(key) {
      return spends.get(keyOf(key)) ?? { calls: 0, usd: 0 };
    },
  };
}
