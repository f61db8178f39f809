import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { Periodic } from '../periodic.ts';
import { mapStorageError } from './errors.ts';
import { MAINTENANCE_INTERVAL_MS, maintainTables } from './pglite-maintenance.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';

interface PgliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
}

function executor(database: PgliteLike): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      try {
        const result = await database.query<Row>(text, [...params]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      } catch (error) {
        return mapStorageError(error);
      }
    },
  };
}

export interface PgliteOptions {
  /**
   * How often autovacuum's work is done here (see maintainTables; PGlite has no autovacuum of its own); 0 turns it
   * off. Default MAINTENANCE_INTERVAL_MS.
   */
  readonly maintenanceIntervalMs?: number;
  /** Failures of a maintenance run (logged by the caller); the next run tries again. */
  readonly onMaintenanceError?: (error: unknown) => void;
}

/**
 * PGlite (Postgres compiled to WASM) in `dataDir`: one in-process connection, so statements and
 * transactions run one at a time. A folder may be open in one process only: the folder's lock is taken first, and a
 * second opener gets DataDirLockedError (two writers on the same files lose acknowledged writes). Row-level security
 * does not apply (see `scoped`).
 */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<SqlClient> {
  const lock = lockDataDir(dataDir);
  let database: PGlite;
  try {
    database = await PGlite.create(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const direct = executor(database);
  const intervalMs = options.maintenanceIntervalMs ?? MAINTENANCE_INTERVAL_MS;
  const maintenance = new Periodic(
    async () => {
      if (!database.closed) await maintainTables(direct);
    },
    (error) => options.onMaintenanceError?.(error),
  );
  if (intervalMs > 0) maintenance.start(intervalMs);
  const client: SqlClient = {
    engine: 'pglite',
    query: direct.query.bind(direct),
    async transaction(work) {
      try {
        return await database.transaction((tx) => work(executor(tx)));
      } catch (error) {
        return mapStorageError(error);
      }
    },
    async close() {
      try {
        await maintenance.stop();
        if (!database.closed) await database.close();
      } finally {
        lock.release();
      }
    },
    // PGlite's one user is a superuser, which row-level security does not restrict: the policies exist, but the
    // store's own scoping (every statement names its installation) is the wall here. Setting the scope would only
    // cost a statement.
    scoped: () => client,
  };
  return client;
}
