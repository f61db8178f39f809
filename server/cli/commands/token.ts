import type { Command } from 'commander';
import { signInstallationToken } from '../../auth/index.ts';
import { ConfigError, loadSharedSecret } from '../../config/index.ts';
import { CliError } from '../errors.ts';

/** Tokens minted here are for trying the API by hand: short-lived, so one pasted somewhere stops working soon. */
export const MAX_TOKEN_TTL_SECONDS = 3600;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

interface TokenCommandOptions {
  ttl: string;
  dataDir?: string;
  issuer: string;
  subject?: string;
}

/** `90`, `90s`, `10m`, `1h` → seconds; null when it is none of those. */
export function parseTtl(text: string): number | null {
  const match = /^(\d+)\s*([smh]?)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
}

/**
 * `triage token`: prints a short-lived HS256 JWT signed with the shared secret the server checks (TRIAGE_SHARED_SECRET,
 * else DATA_DIR/secrets.json), and nothing else on stdout, so `curl -H "authorization: Bearer $(npm run -s triage -- token)"`
 * works. The server never prints a token or a secret into its logs; this is how to get one.
 */
export function registerToken(program: Command): void {
  program
    .command('token')
    .description(
      'print a short-lived JWT signed with the shared secret (TRIAGE_SHARED_SECRET, else DATA_DIR/secrets.json), for calling a local server by hand',
    )
    .option('--ttl <duration>', `lifetime: seconds, or 90s, 10m, 1h (at most ${MAX_TOKEN_TTL_SECONDS / 60}m)`, '10m')
    .option('--data-dir <dir>', 'folder of the server whose generated secret to use (default: DATA_DIR, else ./data)')
    .option('--issuer <iss>', 'the installation the token speaks for (its iss claim)', 'local')
    .option('--subject <sub>', 'an optional sub claim')
    .action(async (options: TokenCommandOptions) => {
      const ttl = parseTtl(options.ttl);
      if (ttl === null || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
        throw new CliError(
          'BAD_OPTION',
          `--ttl must be from 1s to ${MAX_TOKEN_TTL_SECONDS / 60}m, as seconds or with s, m or h (e.g. 10m), got "${options.ttl}"`,
        );
      }
      let secret: string;
      try {
        secret = loadSharedSecret(options.dataDir === undefined ? {} : { dataDir: options.dataDir }).value;
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.code, error.message, { cause: error });
        throw error;
      }
      const token = await signInstallationToken(secret, {
        installation: options.issuer,
        expiresInSeconds: ttl,
        ...(options.subject === undefined ? {} : { claims: { sub: options.subject } }),
      });
      process.stdout.write(`${token}\n`);
    });
}
