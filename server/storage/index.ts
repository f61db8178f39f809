import { mkdirSync } from 'node:fs';
import { openPglite } from './pglite-client.ts';
import { openPostgres } from './pg-client.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

export type * from './store.ts';
export { StorageUnavailableError, isUnavailableError } from './errors.ts';
export { DataDirLockedError, LOCK_FILE, type LockHolder } from './data-dir-lock.ts';
export { MIGRATIONS } from './migrations.ts';
export { parseStoredResult, RESULT_SHAPE } from './result-shape.ts';

export interface StoreOptions {
  /** PostgreSQL when given; otherwise embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string | null;
  readonly dataDir: string;
  /** PostgreSQL pool size per instance (default 10). */
  readonly poolSize?: number;
  /** Connection errors of idle pooled connections, for logging (they are never thrown). */
  readonly onIdleError?: (error: Error) => void;
  /** PGlite only: how often autovacuum's work is done in process (default 60 s; 0: never). See pglite-maintenance. */
  readonly maintenanceIntervalMs?: number;
  /** PGlite only: failures of that work, for logging. */
  readonly onMaintenanceError?: (error: unknown) => void;
}

/** Opens the store and brings the schema up to date. Throws StorageUnavailableError when PostgreSQL is unreachable. */
export async function createStore(options: StoreOptions): Promise<Store> {
  let client;
  if (options.databaseUrl) {
    client = openPostgres({
      connectionString: options.databaseUrl,
      poolSize: options.poolSize,
      onIdleError: options.onIdleError,
    });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    client = await openPglite(options.dataDir, {
      ...(options.maintenanceIntervalMs === undefined ? {} : { maintenanceIntervalMs: options.maintenanceIntervalMs }),
      ...(options.onMaintenanceError ? { onMaintenanceError: options.onMaintenanceError } : {}),
    });
  }
  // The pool size bounds the lookups a PostgreSQL store batches at once (SqlStore defaults to pg-client's pool).
  const store = new SqlStore(client, options.poolSize === undefined ? {} : { connections: options.poolSize });
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
