import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

export const SECRETS_FILE = 'secrets.json';

const StoredSecrets = z.object({
  sharedSecret: z.string().min(16).optional(),
  adminToken: z.string().min(16).optional(),
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
