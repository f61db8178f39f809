import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { ApiError } from '../errors.ts';
import { InstallationRegistry } from '../installations/index.ts';
import {
  createStore,
  DataDirLockedError,
  StorageUnavailableError,
  type InstallationStore,
  type Store,
} from '../storage/index.ts';
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

/**
 * The database scoped to the installation `--installation SUBDOMAIN` names (`default`, or no option: the default
 * installation, whose roles are the store's own). A subdomain nobody registered is a one-line error, exit 2.
 */
export async function installationStore(store: Store, subdomain: string | undefined): Promise<InstallationStore> {
  if (subdomain === undefined) return store;
  let id: string;
  try {
    // Looking an installation up reads no secret: no master key needed.
    id = (await new InstallationRegistry(store, { sealer: null, defaultSecret: null }).get(subdomain)).id;
  } catch (error) {
    if (error instanceof ApiError && error.status < 500)
      throw new CliError(
        error.code,
        `--installation ${subdomain}: ${error.message}; triage installations list shows the registered ones`,
        { cause: error },
      );
    throw error;
  }
  return id === store.installation ? store : store.forInstallation(id);
}

/** `--installation SUBDOMAIN` on the commands that read or write one installation's data. */
export const INSTALLATION_OPTION = [
  '--installation <subdomain>',
  'the installation (Zendesk subdomain) whose data to use (default: the default installation)',
] as const;

/** The `--data-dir` / `--database-url` options of the commands that open the server's database. */
export function withStoreLocation(command: Command): Command {
  return command
    .option(
      '--data-dir <dir>',
      "the server's embedded database folder (when no database URL)",
      process.env.DATA_DIR ?? './data',
    )
    .option('--database-url <url>', 'PostgreSQL connection string (default: DATABASE_URL)', process.env.DATABASE_URL);
}
