import type { SqlExecutor } from './sql-client.ts';

/**
 * PostgreSQL's autovacuum thresholds (postgresql.conf defaults): a table is vacuumed once its dead rows exceed
 * 50 + 20 % of its live rows, and analysed once the rows changed since its last analysis exceed 50 + 10 %.
 */
export const VACUUM_THRESHOLD = { base: 50, scale: 0.2 } as const;
export const ANALYZE_THRESHOLD = { base: 50, scale: 0.1 } as const;

/** How often the PGlite client looks at its tables' statistics (one cheap query) by default. */
export const MAINTENANCE_INTERVAL_MS = 60_000;

export interface TableActivity {
  readonly table: string;
  readonly live: number;
  readonly dead: number;
  readonly changedSinceAnalyze: number;
}

export interface MaintenanceStep {
  readonly table: string;
  /** VACUUM (ANALYZE) when dead rows passed the vacuum threshold, else ANALYZE alone. */
  readonly action: 'vacuum' | 'analyze';
}

/** What autovacuum would do now, table by table, by its own default thresholds. */
export function maintenancePlan(tables: readonly TableActivity[]): MaintenanceStep[] {
  const steps: MaintenanceStep[] = [];
  for (const { table, live, dead, changedSinceAnalyze } of tables) {
    if (dead > VACUUM_THRESHOLD.base + VACUUM_THRESHOLD.scale * live) steps.push({ table, action: 'vacuum' });
    else if (changedSinceAnalyze > ANALYZE_THRESHOLD.base + ANALYZE_THRESHOLD.scale * live)
      steps.push({ table, action: 'analyze' });
  }
  return steps;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Does autovacuum's work once. PGlite runs PostgreSQL in single-user mode, where no autovacuum launcher runs: without
 * this, rows every update leaves dead (jobs change state three times, triage results are replaced) are never reclaimed,
 * partial indexes such as the pending-jobs one keep every entry, and the planner never gets statistics for imported
 * tables. Each step is one statement, so other statements wait for at most one table's vacuum.
 */
export async function maintainTables(client: SqlExecutor): Promise<MaintenanceStep[]> {
  // This session's counts reach pg_stat_user_tables when its pending statistics are flushed (rate-limited to once a
  // second otherwise); force it, so the plan sees every change made so far.
  await client.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await client.query<{ table: string; live: unknown; dead: unknown; changed: unknown }>(
    `SELECT relname AS table, n_live_tup AS live, n_dead_tup AS dead, n_mod_since_analyze AS changed
     FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`,
  );
  const steps = maintenancePlan(
    rows.map((row) => ({
      table: row.table,
      live: Number(row.live),
      dead: Number(row.dead),
      changedSinceAnalyze: Number(row.changed),
    })),
  );
  for (const step of steps) {
    await client.query(`${step.action === 'vacuum' ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${quoteIdent(step.table)}`);
  }
  return steps;
}
