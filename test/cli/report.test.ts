import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess, type CliRun } from '../support/run-cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'report-cli-'));
const tickets = generateDemoTickets({ count: 160, seed: 5 });
const jsonl = join(directory, 'tickets.jsonl');
writeFileSync(jsonl, tickets.map((ticket) => JSON.stringify(ticket)).join('\n'));
// A copy of an empty embedded database: no initdb.
const dataFolder = await freshPgliteDir();
afterAll(() => dataFolder.remove());
const dataDir = dataFolder.dir;

/** The failure is one `triage:` line with no stack trace. */
function expectOneLineError(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(2);
  const lines = run.stderr.split('\n').filter((line) => line.startsWith('triage:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

let fileRun: CliRun;
let storeRun: CliRun;
beforeAll(async () => {
  // One report runs the real binary; the import and the report from the store run the same `main` in this process.
  fileRun = await runCli([
    'report',
    '--data',
    jsonl,
    '--out',
    join(directory, 'file.html'),
    '--charts-dir',
    join(directory, 'charts'),
  ]);
  const imported = await runCliInProcess(['import', '--data', jsonl, '--data-dir', dataDir]);
  expect(imported.code, imported.stderr).toBe(0);
  storeRun = await runCliInProcess([
    'report',
    '--from-store',
    '--data-dir',
    dataDir,
    '--out',
    join(directory, 'store.html'),
  ]);
}, 180_000);

describe('triage report', () => {
  it('writes a self-contained page from a file and prints a summary of the held-out numbers', () => {
    expect(fileRun.code, fileRun.stderr).toBe(0);
    const summary = JSON.parse(fileRun.stdout) as Record<string, unknown>;
    expect(summary.rows).toBe(160);
    expect(typeof summary.trustAuto).toBe('boolean');
    expect(summary.accuracy).toBeGreaterThan(0.5);
    const html = readFileSync(join(directory, 'file.html'), 'utf8');
    expect(html).toContain('160 labelled tickets');
    expect(html).toContain('Not available for a report from a file');
    expect(html).not.toMatch(/<script|<link |src="http/);
    for (const ticket of tickets.slice(0, 20)) expect(html).not.toContain(ticket.description.slice(0, 40));
  });

  it('writes each chart as an SVG file with --charts-dir', () => {
    for (const chart of ['bands', 'coverage-precision', 'reliability', 'per-label'])
      expect(readFileSync(join(directory, 'charts', `${chart}.svg`), 'utf8')).toMatch(/^<svg /);
  });

  it("reads the server's labelled tickets with --from-store, and says no agent answered yet", () => {
    expect(storeRun.code, storeRun.stderr).toBe(0);
    expect(JSON.parse(storeRun.stdout)).toMatchObject({ rows: 160 });
    const html = readFileSync(join(directory, 'store.html'), 'utf8');
    expect(html).toContain('installation default');
    expect(html).toContain('No agent has answered a suggestion');
  });

  it.each([
    ['neither --data nor --from-store', ['--out', 'x.html'], /give either --data FILE or --from-store/],
    ['both', ['--data', jsonl, '--from-store', '--out', 'x.html'], /give either --data FILE or --from-store/],
    ['one fold', ['--data', jsonl, '--folds', '1', '--out', 'x.html'], /--folds must be a whole number from 2 to 20/],
    [
      'a data folder that holds no database',
      ['--from-store', '--data-dir', join(directory, 'nothing-here'), '--out', 'x.html'],
      /no embedded database here/,
    ],
  ])('refuses %s with one line and exit 2', async (_name, args, pattern) => {
    expectOneLineError(await runCliInProcess(['report', ...args]), pattern);
  });

  it('refuses labelled rows of which none has a taxonomy label', async () => {
    const csv = join(directory, 'free.csv');
    writeFileSync(csv, 'text,label\nplease refund me,refund\nmy app crashes,crash\n');
    const out = join(directory, 'none.html');
    const run = await runCliInProcess(['report', '--data', csv, '--out', out]);
    expectOneLineError(run, /none of the 2 labelled tickets has a label the taxonomy has/);
    expect(existsSync(out)).toBe(false);
  });
});
