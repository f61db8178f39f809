import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { parseMasterKey } from './master-key.ts';

export const SECRETS_FILE = 'secrets.json';

const StoredSecrets = z.object({
  sharedSecret: z.string().min(16).optional(),
  adminToken: z.string().min(16).optional(),
  masterKey: z
    .string()
    .refine((value) => parseMasterKey(value) !== null)
    .optional(),
});
type StoredSecrets = z.infer<typeof StoredSecrets>;

export type SecretSource = 'env' | 'generated' | 'data-dir';

export interface ResolvedSecret {
  readonly value: string;
  readonly source: SecretSource;
}

function readStored(path: string): StoredSecrets {
  if (!existsSync(path)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${path} is not valid JSON; delete it to generate new secrets (the app's shared secret must then be updated)`,
      [],
      { cause: error },
    );
  }
  const parsed = StoredSecrets.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${path} is malformed; delete it to generate new secrets`, []);
  return parsed.data;
}

/** The shared secret generated earlier and kept in `dataDir`, if any. */
export function readStoredSharedSecret(dataDir: string): string | undefined {
  return readStored(join(dataDir, SECRETS_FILE)).sharedSecret;
}

/**
 * A secret from the environment, else the one generated earlier and kept in DATA_DIR, else a new random one
 * written there (mode 0600) so restarts keep it. The server never runs without one.
 */
export function resolveSecrets(
  dataDir: string,
  fromEnv: { sharedSecret: string | undefined; adminToken: string | undefined },
): { sharedSecret: ResolvedSecret; adminToken: ResolvedSecret } {
  const path = join(dataDir, SECRETS_FILE);
  const needsFile = fromEnv.sharedSecret === undefined || fromEnv.adminToken === undefined;
  const stored = needsFile ? readStored(path) : {};
  let changed = false;
  const pick = (
    envValue: string | undefined,
    storedValue: string | undefined,
    key: keyof StoredSecrets,
  ): ResolvedSecret => {
    if (envValue !== undefined) return { value: envValue, source: 'env' };
    if (storedValue !== undefined) return { value: storedValue, source: 'data-dir' };
    const value = randomBytes(32).toString('base64url');
    stored[key] = value;
    changed = true;
    return { value, source: 'generated' };
  };
  const sharedSecret = pick(fromEnv.sharedSecret, stored.sharedSecret, 'sharedSecret');
  const adminToken = pick(fromEnv.adminToken, stored.adminToken, 'adminToken');
  if (changed) {
    try {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
      chmodSync(path, 0o600);
    } catch (error) {
      throw new ConfigError(
        `cannot write ${path}; make DATA_DIR writable or set TRIAGE_SHARED_SECRET and TRIAGE_ADMIN_TOKEN`,
        ['DATA_DIR'],
        { cause: error },
      );
    }
  }
  return { sharedSecret, adminToken };
}

/**
 * TRIAGE_MASTER_KEY from the environment, else the one kept in `dataDir`, else (`generate`: the embedded database,
 * one process) a new random one written there beside the other secrets. Null without one and without `generate`:
 * instances on PostgreSQL must share a key, so none is made up per instance; registering an installation then fails
 * saying so (server/installations).
 */
export function resolveMasterKey(
  dataDir: string,
  fromEnv: string | undefined,
  options: { generate: boolean },
): ResolvedSecret | null {
  if (fromEnv !== undefined) return { value: fromEnv, source: 'env' };
  const path = join(dataDir, SECRETS_FILE);
  const stored = readStored(path);
  if (stored.masterKey !== undefined) return { value: stored.masterKey, source: 'data-dir' };
  if (!options.generate) return null;
  const value = randomBytes(32).toString('base64');
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify({ ...stored, masterKey: value }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    throw new ConfigError(`cannot write ${path}; make DATA_DIR writable or set TRIAGE_MASTER_KEY`, ['DATA_DIR'], {
      cause: error,
    });
  }
  return { value, source: 'generated' };
}
