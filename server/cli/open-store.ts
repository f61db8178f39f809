import { existsSync } from 'node:fs';
import { createStore, DataDirLockedError, StorageUnavailableError, type Store } from '../storage/index.ts';
import { CliError } from './errors.ts';

export interface StoreLocation {
  /** PostgreSQL when given; otherwise the embedded database in dataDir. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

/**
 * Opens the server's database for a CLI command, with the errors a person can act on: PostgreSQL unreachable, the
 * embedded folder held by a running server (one process at a time), or (`mustExist`) no embedded database there yet,
 * so a mistyped --data-dir is not silently created empty.
 */
export async function openStore(location: StoreLocation, options: { mustExist?: boolean } = {}): Promise<Store> {
  if (!location.databaseUrl && options.mustExist === true && !existsSync(location.dataDir)) {
    throw new CliError(
      'NO_DATABASE',
      `${location.dataDir}: no embedded database here; pass the server's folder with --data-dir (or DATA_DIR), or --database-url`,
    );
  }
  try {
    return await createStore({ databaseUrl: location.databaseUrl, dataDir: location.dataDir });
  } catch (error) {
    if (error instanceof StorageUnavailableError)
      throw new CliError(error.code, 'cannot reach the database; check --database-url / DATABASE_URL', {
        cause: error,
      });
    if (error instanceof DataDirLockedError) throw new CliError(error.code, error.message, { cause: error });
    throw error;
  }
}
