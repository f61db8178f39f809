import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installationVerifier } from '../../server/auth/index.ts';
import { parseTtl } from '../../server/cli/commands/token.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const SECRET = 'token-command-secret-0123456789';
const STORED = 'stored-in-data-dir-secret-0123456789';
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-token-'));
  folders.push(dir);
  return dir;
}

const tokenEnv = (env: Record<string, string>) => ({
  TRIAGE_SHARED_SECRET: '',
  DATA_DIR: join(emptyDir(), 'data'),
  ...env,
});
/** Runs `triage token` in a folder without `.env`, with neither the secret nor DATA_DIR inherited. */
const token = (args: string[], env: Record<string, string> = {}) => runCli(['token', ...args], { env: tokenEnv(env) });
/** The same, through the same `main` in this process: no process start. */
const tokenHere = (args: string[], env: Record<string, string> = {}) =>
  runCliInProcess(['token', ...args], { env: tokenEnv(env) });

describe('triage token', () => {
  it('prints only a token signed with TRIAGE_SHARED_SECRET that expires in ten minutes by default', async () => {
    const run = await token([], { TRIAGE_SHARED_SECRET: SECRET });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { claims } = installationVerifier(SECRET)(run.stdout.trim());
    expect(claims).toMatchObject({ iss: 'local' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('signs with the secret generated into --data-dir when the environment has none, with the asked lifetime and claims', async () => {
    const dataDir = emptyDir();
    writeFileSync(
      join(dataDir, 'secrets.json'),
      JSON.stringify({ sharedSecret: STORED, adminToken: 'stored-admin-token-0123456789' }),
      { mode: 0o600 },
    );
    const run = await tokenHere([
      '--data-dir',
      dataDir,
      '--ttl',
      '90s',
      '--issuer',
      'acme',
      '--subject',
      'me@example.com',
    ]);
    expect(run.code).toBe(0);
    const { claims } = installationVerifier(STORED)(run.stdout.trim());
    expect(claims).toMatchObject({ iss: 'acme', sub: 'me@example.com' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(90);
  });

  it('refuses a lifetime over an hour', async () => {
    const run = await tokenHere(['--ttl', '2h'], { TRIAGE_SHARED_SECRET: SECRET });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--ttl must be from 1s to 60m/);
  });

  it('says how to get a secret when there is none, and generates none', async () => {
    const dataDir = emptyDir();
    const run = await tokenHere(['--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `no shared secret: TRIAGE_SHARED_SECRET is not set and ${join(dataDir, 'secrets.json')} holds none`,
    );
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
  });

  it.each([
    ['600', 600],
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['ten', null],
    ['-5m', null],
    ['1.5h', null],
  ])('reads --ttl %s as %s seconds', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });
});
