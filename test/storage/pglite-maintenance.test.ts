import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '../../server/storage/pglite-client.ts';
import { maintainTables, maintenancePlan } from '../../server/storage/pglite-maintenance.ts';
import type { SqlClient, SqlExecutor } from '../../server/storage/sql-client.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';

describe('maintenancePlan: autovacuum default thresholds', () => {
  it('vacuums past 50 + 20 % dead rows, analyses past 50 + 10 % changed rows, leaves the rest', () => {
    expect(
      maintenancePlan([
        { table: 'quiet', live: 1000, dead: 250, changedSinceAnalyze: 150 },
        { table: 'churned', live: 1000, dead: 251, changedSinceAnalyze: 0 },
        { table: 'imported', live: 100_000, dead: 0, changedSinceAnalyze: 100_000 },
        { table: 'small', live: 0, dead: 51, changedSinceAnalyze: 51 },
      ]),
    ).toEqual([
      { table: 'churned', action: 'vacuum' },
      { table: 'imported', action: 'analyze' },
      { table: 'small', action: 'vacuum' },
    ]);
  });
});

describe('PGlite maintenance (no autovacuum in single-user mode)', () => {
  let dir: string;
  let client: SqlClient | null = null;
  afterEach(async () => {
    await client?.close();
    client = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const stats = async (db: SqlExecutor) => {
    // A session's counts are flushed to the statistics views at most once a second unless forced.
    await db.query('SELECT pg_stat_force_next_flush()');
    return (
      await db.query<{ dead: unknown; analysed: unknown }>(
        `SELECT n_dead_tup AS dead, last_analyze AS analysed FROM pg_stat_user_tables WHERE relname = 'churn'`,
      )
    ).rows[0]!;
  };

  it('reclaims dead rows and gathers statistics that PGlite would otherwise never have', async () => {
    dir = (await freshPgliteDir()).dir;
    client = await openPglite(dir, { maintenanceIntervalMs: 0 });
    await client.query('CREATE TABLE churn (id int PRIMARY KEY, state text)');
    await client.query(`INSERT INTO churn SELECT g, 'pending' FROM generate_series(1, 2000) g`);
    for (const state of ['running', 'done']) await client.query(`UPDATE churn SET state = $1`, [state]);
    // Nothing reclaims them by itself: PGlite has autovacuum "on" but no launcher.
    expect(Number((await stats(client)).dead)).toBeGreaterThanOrEqual(4000);

    const steps = await maintainTables(client);
    expect(steps).toContainEqual({ table: 'churn', action: 'vacuum' });
    const after = await stats(client);
    expect(Number(after.dead)).toBe(0);
    expect(after.analysed).not.toBeNull();
    // Done: a second pass finds nothing to do for that table.
    expect(await maintainTables(client)).not.toContainEqual(expect.objectContaining({ table: 'churn' }));
  });

  it('runs on its interval and stops with the client', async () => {
    dir = (await freshPgliteDir()).dir;
    client = await openPglite(dir, { maintenanceIntervalMs: 20 });
    await client.query('CREATE TABLE churn (id int PRIMARY KEY, state text)');
    await client.query(`INSERT INTO churn SELECT g, 'pending' FROM generate_series(1, 500) g`);
    await client.query(`UPDATE churn SET state = 'done'`);
    // Only the client's own maintenance vacuums here: last_vacuum stays null until it has run.
    const vacuumed = async (db: SqlClient) =>
      (await db.query<{ at: unknown }>(`SELECT last_vacuum AS at FROM pg_stat_user_tables WHERE relname = 'churn'`))
        .rows[0]!.at;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await vacuumed(client)) === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await vacuumed(client)).not.toBeNull();
    expect(Number((await stats(client)).dead)).toBe(0);
    await client.close();
    client = null;
  });
});
