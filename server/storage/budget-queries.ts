import type { SqlExecutor } from './sql-client.ts';
import type { SpendKey, SpendLimits } from './store.ts';
import { toNumber } from './values.ts';

/**
 * One upsert: a new day starts at one call; an existing row counts one more only while it is under both limits.
 * No row comes back when a limit was reached, so instances never exceed the call limit. Cost is settled after each call,
 * so calls already in flight when the USD limit is reached may overshoot it by their own cost.
 */
export async function reserveLlmCall(
  client: SqlExecutor,
  installation: string,
  key: SpendKey,
  limits: SpendLimits,
): Promise<boolean> {
  if (limits.calls !== null && limits.calls <= 0) return false;
  if (limits.usd !== null && limits.usd <= 0) return false;
  const { rows } = await client.query<{ calls: number }>(
    `INSERT INTO llm_budget (installation_id, day, calls, usd) VALUES ($1, $2::date, 1, 0)
     ON CONFLICT (installation_id, day) DO UPDATE SET calls = llm_budget.calls + 1
     WHERE ($3::integer IS NULL OR llm_budget.calls < $3::integer)
       AND ($4::double precision IS NULL OR llm_budget.usd < $4::double precision)
     RETURNING calls`,
    [installation, key.day, limits.calls, limits.usd],
  );
  return rows.length === 1;
}

export async function settleLlmCall(
  client: SqlExecutor,
  installation: string,
  key: SpendKey,
  usd: number,
): Promise<void> {
  if (!Number.isFinite(usd) || usd <= 0) return;
  await client.query(
    `INSERT INTO llm_budget (installation_id, day, calls, usd) VALUES ($1, $2::date, 0, $3)
     ON CONFLICT (installation_id, day) DO UPDATE SET usd = llm_budget.usd + excluded.usd`,
    [installation, key.day, usd],
  );
}

export async function llmSpend(
  client: SqlExecutor,
  installation: string,
  key: SpendKey,
): Promise<{ calls: number; usd: number }> {
  const { rows } = await client.query<{ calls: unknown; usd: unknown }>(
    'SELECT calls, usd FROM llm_budget WHERE installation_id = $1 AND day = $2::date',
    [installation, key.day],
  );
  const row = rows[0];
  return row ? { calls: toNumber(row.calls), usd: Math.round(toNumber(row.usd) * 1e6) / 1e6 } : { calls: 0, usd: 0 };
}
