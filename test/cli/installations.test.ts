import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InstallationCreated, InstallationRotated, InstallationView } from '../../src/contract/index.ts';
import { SECRETS_FILE } from '../../server/config/index.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';
import { createTestDatabase, postgresAvailable } from '../support/postgres.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';

const dataDir = (await freshPgliteDir()).dir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
// Neither the developer's variables nor a .env decide which database or key these runs use.
const env = { DATA_DIR: dataDir, DATABASE_URL: '', TRIAGE_MASTER_KEY: '', TRIAGE_SHARED_SECRET: '' };
const run = (args: readonly string[], options: { stdin?: string } = {}) =>
  runCli(['installations', ...args], { env, ...options });
// The same `main` in this process, for the cases that test behaviour rather than the binary's wiring (seconds each).
const runHere = (args: readonly string[]) => runCliInProcess(['installations', ...args], { env });

function expectOneLineError(stderr: string, code: string | RegExp): void {
  const errors = stderr.split('\n').filter((line) => line.startsWith('triage:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(code);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('triage installations (embedded database)', () => {
  let created: InstallationCreated;

  it('adds one, printing its secret on stdout only, and keeps a generated master key in DATA_DIR', async () => {
    const added = await run(['add', 'acme.zendesk.com']);
    expect(added.code).toBe(0);
    created = InstallationCreated.parse(JSON.parse(added.stdout));
    expect(created.subdomain).toBe('acme');
    expect(added.stderr).toContain('added acme');
    expect(added.stderr).not.toContain(created.sharedSecret);
    const stored = JSON.parse(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')) as { masterKey?: string };
    expect(stored.masterKey).toBeDefined();
  }, 30_000);

  it('lists without secrets, the default installation first', async () => {
    const listed = await runHere(['list', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(created.sharedSecret);
    const rows = InstallationView.array().parse(JSON.parse(listed.stdout));
    expect(rows.map((row) => row.subdomain)).toEqual([null, 'acme']);
    const table = await runHere(['list']);
    expect(table.stdout).toContain('(default, from the environment)');
    expect(table.stdout).toContain(created.id);
  }, 30_000);

  it('rotates, printing the new secret once', async () => {
    const rotated = await run(['rotate', 'acme']);
    expect(rotated.code).toBe(0);
    const answer = InstallationRotated.parse(JSON.parse(rotated.stdout));
    expect(answer.sharedSecret).not.toBe(created.sharedSecret);
    expect(rotated.stderr).not.toContain(answer.sharedSecret);
  }, 30_000);

  it('reads a given secret from stdin', async () => {
    const secret = 'piped-secret-0123456789abcdef-01234567';
    const added = await run(['add', 'beta', '--secret-from-stdin'], { stdin: `${secret}\n` });
    expect(added.code).toBe(0);
    expect(InstallationCreated.parse(JSON.parse(added.stdout)).sharedSecret).toBe(secret);
  }, 30_000);

  it("sets, shows and clears an installation's own taxonomy; an invalid file is refused naming the key", async () => {
    const good = join(dataDir, 'acme-taxonomy.yaml');
    writeFileSync(good, ownTaxonomy('acme-1'));
    const set = await runHere(['taxonomy', 'acme', '--file', good]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ subdomain: 'acme', version: 'acme-1', labels: 2 });
    const bad = join(dataDir, 'bad-taxonomy.yaml');
    writeFileSync(bad, ownTaxonomy('acme-2').replace('ticketType: question', 'ticketType: letter'));
    const refused = await runHere(['taxonomy', 'acme', '--file', bad]);
    expect(refused.code).toBe(2);
    expectOneLineError(refused.stderr, /TAXONOMY_INVALID|labels\[0\]\.ticketType/);
    expect(refused.stderr).toContain('labels[0].ticketType');
    // The refused file changed nothing.
    const shown = await runHere(['taxonomy', 'acme', '--show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(ownTaxonomy('acme-1'));
    const cleared = await runHere(['taxonomy', 'acme', '--clear']);
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ subdomain: 'acme', cleared: true });
    const none = await runHere(['taxonomy', 'acme', '--show']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('uses the shared taxonomy file');
  }, 60_000);

  // Each run opens the embedded database: one case per kind of refusal.
  it.each([
    [['add', 'acme'], /already/],
    [['add', 'not a subdomain'], /Zendesk subdomain/],
    [['remove', 'nobody'], /no installation is registered for nobody/],
    [['rotate', 'default'], /default installation/],
    [['taxonomy', 'default', '--file', 'config/taxonomy.yaml'], /keeps the taxonomy file: edit the file/],
    [['taxonomy', 'acme'], /exactly one of --file FILE.yaml, --clear, --show/],
  ])(
    'refuses %j with exit 2 and one line',
    async (args, message) => {
      const refused = await runHere(args);
      expect(refused.code).toBe(2);
      expectOneLineError(refused.stderr, message);
      expect(refused.stdout).toBe('');
    },
    30_000,
  );

  it('refuses a --data-dir that holds no database', async () => {
    const refused = await runHere(['list', '--data-dir', join(dataDir, 'typo')]);
    expect(refused.code).toBe(2);
    expectOneLineError(refused.stderr, /no embedded database here/);
  }, 30_000);
});

describe.skipIf(!postgresAvailable)('triage installations on PostgreSQL', () => {
  it('refuses to add without TRIAGE_MASTER_KEY, which every instance must share', async () => {
    const database = await createTestDatabase();
    // A folder without secrets.json: no master key kept there either.
    const pgEnv = { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'installations-pg-')) };
    try {
      const refused = await runCliInProcess(['installations', 'add', 'acme', '--database-url', database.url], {
        env: pgEnv,
      });
      expect(refused.code).toBe(1);
      expectOneLineError(refused.stderr, /TRIAGE_MASTER_KEY is not set/);
      const key = Buffer.alloc(32, 4).toString('base64');
      const added = await runCliInProcess(['installations', 'add', 'acme', '--database-url', database.url], {
        env: { ...pgEnv, TRIAGE_MASTER_KEY: key },
      });
      expect(added.code).toBe(0);
      // Another key cannot open what this one sealed, and says so.
      const rotated = await runCliInProcess(['installations', 'rotate', 'acme', '--database-url', database.url], {
        env: { ...pgEnv, TRIAGE_MASTER_KEY: Buffer.alloc(32, 5).toString('base64') },
      });
      expect(rotated.code).toBe(1);
      expectOneLineError(rotated.stderr, /sealed with master key/);
    } finally {
      await database.drop();
      rmSync(pgEnv.DATA_DIR, { recursive: true, force: true });
    }
  }, 60_000);
});
