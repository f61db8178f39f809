import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import { createStore, type InstallationStore, type Store } from '../../server/storage/index.ts';
import { ModelHolder, ModelTrainer } from '../../server/training/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess, type CliRun } from '../support/run-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'installation-option-'));
let dataDir: { dir: string; remove(): void };
let acmeId = '';
const trained: Record<'default' | 'acme', string> = { default: '', acme: '' };

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore({ dataDir: dataDir.dir });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function trainIn(store: InstallationStore, seed: number, at: string): Promise<string> {
  await store.upsertTickets(generateDemoTickets({ count: 60, seed }).map(importWrite));
  const holder = new ModelHolder(store, pino({ level: 'silent' }));
  return (await new ModelTrainer(store, holder, { now: () => new Date(at), seed }).train()).version;
}

const expectOneLineError = (run: CliRun, code: RegExp) => {
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n').filter((line) => line.startsWith('triage:'))).toEqual([expect.stringMatching(code)]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  dataDir = await freshPgliteDir();
  const added = await runCliInProcess(['installations', 'add', 'acme', '--data-dir', dataDir.dir]);
  expect(added.code).toBe(0);
  acmeId = (JSON.parse(added.stdout) as { id: string }).id;
  await withStore(async (store) => {
    trained.default = await trainIn(store, 5, '2026-12-01T10:00:00Z');
    trained.acme = await trainIn(store.forInstallation(acmeId), 6, '2026-12-02T10:00:00Z');
  });
}, 120_000);
afterAll(() => dataDir?.remove());

describe('--installation on the CLI', { timeout: 120_000 }, () => {
  it('imports into the named installation only (real process)', async () => {
    const tickets = generateDemoTickets({ count: 5, seed: 9 }).map((ticket, index) => ({
      ...ticket,
      id: `cli-only-${index}`,
    }));
    const file = join(out, 'acme.jsonl');
    writeFileSync(file, tickets.map((ticket) => JSON.stringify(ticket)).join('\n'));
    const run = await runCli(['import', '--data', file, '--data-dir', dataDir.dir, '--installation', 'acme']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ inserted: 5 });
    await withStore(async (store) => {
      expect(await store.forInstallation(acmeId).getTicket('cli-only-0')).not.toBeNull();
      expect(await store.getTicket('cli-only-0')).toBeNull();
    });
  });

  it('imports into the default installation without the option, or with --installation default', async () => {
    const file = join(out, 'default.jsonl');
    writeFileSync(file, JSON.stringify({ ...generateDemoTickets({ count: 1, seed: 10 })[0], id: 'default-only' }));
    for (const args of [[], ['--installation', 'default']]) {
      const run = await runCliInProcess(['import', '--data', file, '--data-dir', dataDir.dir, ...args]);
      expect(run.code).toBe(0);
    }
    await withStore(async (store) => {
      expect(await store.getTicket('default-only')).not.toBeNull();
      expect(await store.forInstallation(acmeId).getTicket('default-only')).toBeNull();
    });
  });

  it("lists one installation's models only (real process)", async () => {
    const run = await runCli(['model', 'list', '--json', '--data-dir', dataDir.dir, '--installation', 'acme']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { version: string; serving: boolean }[];
    expect(rows.map((row) => row.version)).toEqual([trained.acme]);
    expect(rows[0]!.serving).toBe(true);
  });

  it.each([[[]], [['--installation', 'default']]])('lists the default installation’s models with %j', async (args) => {
    const run = await runCliInProcess(['model', 'list', '--json', '--data-dir', dataDir.dir, ...args]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { version: string }[]).map((row) => row.version)).toEqual([trained.default]);
  });

  it("shows and exports the named installation's serving model, and refuses another's version", async () => {
    const shown = await runCliInProcess(['model', 'show', '--data-dir', dataDir.dir, '--installation', 'acme']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ version: trained.acme, serving: true });

    const file = join(out, 'acme-model.json');
    const exported = await runCliInProcess([
      'model',
      'export',
      '--out',
      file,
      '--data-dir',
      dataDir.dir,
      '--installation',
      'acme',
    ]);
    expect(exported.code).toBe(0);
    expect(parseModel(readFileSync(file, 'utf8')).version).toBe(trained.acme);

    // The default installation's version, asked of acme: not found there.
    const crossed = await runCliInProcess([
      'model',
      'show',
      trained.default,
      '--data-dir',
      dataDir.dir,
      '--installation',
      'acme',
    ]);
    expectOneLineError(crossed, /no model ".*" is stored/);
  });

  it('refuses --from-zendesk into an installation without Zendesk credentials of its own, saying how to set them', async () => {
    const run = await runCliInProcess([
      'import',
      '--from-zendesk',
      '--data-dir',
      dataDir.dir,
      '--installation',
      'acme',
    ]);
    expectOneLineError(run, /acme has no Zendesk credentials: set them with triage installations zendesk acme/);
  });

  it.each([
    ['import', ['import', '--data', '__FILE__']],
    ['model list', ['model', 'list']],
    ['model show', ['model', 'show']],
    ['model export', ['model', 'export', '--out', join(out, 'never.json')]],
  ])('%s: an unregistered subdomain is one line, exit 2', async (_name, args) => {
    const file = join(out, 'one.jsonl');
    writeFileSync(file, JSON.stringify(generateDemoTickets({ count: 1, seed: 11 })[0]));
    const run = await runCliInProcess([
      ...args.map((arg) => (arg === '__FILE__' ? file : arg)),
      '--data-dir',
      dataDir.dir,
      '--installation',
      'nobody',
    ]);
    expectOneLineError(run, /^triage: --installation nobody: no installation is registered for nobody;/);
  });

  it('a subdomain that cannot be one is one line, exit 2', async () => {
    const run = await runCliInProcess(['model', 'list', '--data-dir', dataDir.dir, '--installation', 'not a name!']);
    expectOneLineError(run, /^triage: --installation not a name!: must be a Zendesk subdomain/);
  });
});
