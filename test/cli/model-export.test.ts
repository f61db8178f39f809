import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket, TriageResult } from '../../src/contract/index.ts';
import { parseModel } from '../../src/model/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import { ModelHolder, ModelTrainer } from '../../server/training/index.ts';
import { createStore } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';
import { serverToken, startServerProcess } from '../support/server-process.ts';

const SECRET = 'model-export-test-secret-0123456789';
const out = mkdtempSync(join(tmpdir(), 'model-export-'));
// Tickets neither model trained on (another seed), as agents would open them.
const incoming: Ticket[] = generateDemoTickets({ count: 12, seed: 41 }).map((ticket, index) =>
  Ticket.parse({ ...ticket, id: `incoming-${index}` }),
);

let dataDir: { dir: string; remove(): void };
const versions: string[] = [];
/** The version the trainer left serving (the second one only when it is no worse on the held-out tickets). */
let serving = '';
const other = () => versions.find((version) => version !== serving)!;
const served = new Map<string, TriageResult['label']>();
let lockedRun: Awaited<ReturnType<typeof runCli>>;

/** The server's own way to a model: stored tickets, then its trainer, twice (two versions, the newer serving). */
async function trainTwiceInStore(dir: string): Promise<void> {
  const store = await createStore({ dataDir: dir });
  try {
    await store.upsertTickets(generateDemoTickets({ count: 300, seed: 7 }).map(importWrite));
    const holder = new ModelHolder(store, pino({ level: 'silent' }));
    for (const at of ['2026-12-01T10:00:00Z', '2026-12-02T10:00:00Z']) {
      const trained = await new ModelTrainer(store, holder, {
        now: () => new Date(at),
        seed: versions.length + 1,
      }).train();
      versions.push(trained.version);
      serving = trained.serving;
    }
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dataDir = await freshPgliteDir();
  await trainTwiceInStore(dataDir.dir);
  const server = await startServerProcess({
    DATA_DIR: dataDir.dir,
    TRIAGE_DEMO_DATA: 'off',
    TRIAGE_SHARED_SECRET: SECRET,
    TRIAGE_RETRAIN_AFTER: '0',
  });
  try {
    for (const ticket of incoming) {
      const response = await fetch(`${server.base}/v1/triage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${serverToken(server)}` },
        body: JSON.stringify({ ticket }),
      });
      const result = TriageResult.parse(await response.json());
      served.set(ticket.id, result.label);
      expect(result.versions.model).toBe(serving);
    }
    lockedRun = await runCliInProcess([
      'model',
      'export',
      '--data-dir',
      dataDir.dir,
      '--out',
      join(out, 'while-serving.json'),
    ]);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}, 240_000);
afterAll(() => dataDir?.remove());

// Every CLI run opens the embedded database (a few seconds, more on a busy machine). Each subcommand runs once as a
// real process (the wiring); the other cases run the CLI's own main in this process, sparing a process start each.
describe('triage model', { timeout: 120_000 }, () => {
  it('exports the serving model, and triage classify with that file gives the labels the server gave', async () => {
    const file = join(out, 'serving.json');
    const exported = await runCli(['model', 'export', '--data-dir', dataDir.dir, '--out', file]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ version: serving, out: file });
    expect(parseModel(readFileSync(file, 'utf8')).version).toBe(serving);

    const classified = await runCli(['classify', '--model', file], {
      stdin: incoming.map((ticket) => JSON.stringify(ticket)).join('\n'),
    });
    expect(classified.code).toBe(0);
    const results = classified.stdout
      .trim()
      .split('\n')
      .map((line) => TriageResult.parse(JSON.parse(line)));
    expect(results).toHaveLength(incoming.length);
    for (const result of results) expect(result.label).toEqual(served.get(result.ticketId));
  });

  it('exports a version that does not serve by name', async () => {
    const file = join(out, 'other.json');
    const run = await runCliInProcess([
      'model',
      'export',
      '--data-dir',
      dataDir.dir,
      '--version',
      other(),
      '--out',
      file,
    ]);
    expect(run.code).toBe(0);
    expect(parseModel(readFileSync(file, 'utf8')).version).toBe(other());
  });

  it('lists the stored versions newest first and marks the serving one', async () => {
    const run = await runCli(['model', 'list', '--data-dir', dataDir.dir, '--json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as {
      version: string;
      serving: boolean;
      promoted: boolean;
      metrics: Record<string, number>;
    }[];
    expect(rows.map((row) => [row.version, row.serving])).toEqual(
      [versions[1], versions[0]].map((version) => [version, version === serving]),
    );
    expect(rows[0]!.metrics.macroF1).toBeGreaterThan(0);
    const table = await runCliInProcess(['model', 'list', '--data-dir', dataDir.dir]);
    expect(table.stdout).toMatch(new RegExp(`^${serving}\\s+\\S+\\s+yes\\s+yes\\s`, 'm'));
  });

  it('shows one version with its labels and whether it serves', async () => {
    const run = await runCli(['model', 'show', other(), '--data-dir', dataDir.dir]);
    expect(run.code).toBe(0);
    const shownOther: unknown = JSON.parse(run.stdout);
    expect(shownOther).toMatchObject({ version: other(), serving: false });
    expect(shownOther).toHaveProperty('labels', expect.arrayContaining(['billing']));
    const shown = await runCliInProcess(['model', 'show', '--data-dir', dataDir.dir]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ version: serving, serving: true, promoted: true });
  });

  it('refuses while a server holds the folder, naming the holder', () => {
    expect(lockedRun.code).toBe(2);
    expect(lockedRun.stderr).toMatch(/in use by another process \(pid \d+/);
  });

  it.each([
    [
      'an unknown version',
      ['export', '--version', 'm-nope', '--out', join(out, 'x.json')],
      /no model "m-nope" is stored; triage model list/,
    ],
    ['a folder with no database', ['show', '--data-dir', join(out, 'no-such-dir')], /no embedded database here/],
  ])('fails on %s with one line and exit 2', async (_name, args, message) => {
    const argv = ['model', ...args, ...(args.includes('--data-dir') ? [] : ['--data-dir', dataDir.dir])];
    const run = await runCliInProcess(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
