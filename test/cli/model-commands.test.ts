import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TriageResult } from '../../src/contract/index.ts';
import { parseModel } from '../../src/model/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { runCli, runCliInProcess, type CliRun } from '../support/run-cli.ts';
import { MULTILINGUAL_CHECKS, MULTILINGUAL_ROWS } from '../model/multilingual-rows.ts';

const directory = mkdtempSync(join(tmpdir(), 'model-cli-'));
function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}
const MULTILINGUAL_LABELS = new Set(MULTILINGUAL_ROWS.map((row) => row.label)).size;
const csvLine = (text: string, label: string) => `"${text.replace(/"/g, '""')}",${label}`;
const csv = file(
  'train.csv',
  ['text,label', ...MULTILINGUAL_ROWS.map((row) => csvLine(row.text, row.label))].join('\n'),
);
const testCsv = file(
  'test.csv',
  ['text,label', ...MULTILINGUAL_CHECKS.map(([text, label]) => csvLine(text, label))].join('\n'),
);
const oosTest = file(
  'oos-test.csv',
  [
    'text,label',
    ...MULTILINGUAL_CHECKS.map(([text, label]) => csvLine(text, label)),
    csvLine('what is the weather on mars', 'oos'),
    csvLine('play some jazz music', 'oos'),
  ].join('\n'),
);
// Free labels (not the taxonomy's), as in a benchmark file.
const RENAMED: Record<string, string> = { billing: 'refund', account_access: 'login', bug: 'crash' };
const freeCsv = file(
  'free.csv',
  ['text,label', ...MULTILINGUAL_ROWS.map((row) => csvLine(row.text, RENAMED[row.label]!))].join('\n'),
);
const tickets = generateDemoTickets({ count: 120, seed: 3 });
const jsonl = file('tickets.jsonl', tickets.map((ticket) => JSON.stringify(ticket)).join('\n'));

/** Progress lines may come first; the failure itself is one `triage:` line and no stack trace. */
function expectOneLineError(stderr: string): void {
  expect(stderr.split('\n').filter((line) => line.startsWith('triage:'))).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

// The models the tests share, each trained once: by the real CLI where a test checks that run, in this process where
// a test only needs the file.
const model = join(directory, 'model.json');
const ticketModel = join(directory, 'tickets-model.json');
const benchmarkModel = join(directory, 'classify-model.json');
let csvRun: CliRun;
let ticketRun: CliRun;
beforeAll(async () => {
  [csvRun, ticketRun] = await Promise.all([
    runCli(['train', '--data', csv, '--out', model, '--seed', '2']),
    runCli(['train', '--data', jsonl, '--out', ticketModel]),
  ]);
  expect((await runCliInProcess(['train', '--data', freeCsv, '--out', benchmarkModel])).code).toBe(0);
});

describe('triage train', () => {
  it('writes a model from CSV and prints a JSON summary with progress on stderr', () => {
    expect(csvRun.stderr).toMatch(/train: wrote/);
    expect(csvRun.code).toBe(0);
    const parsed = parseModel(readFileSync(model, 'utf8'));
    expect(parsed.labels).toEqual(['account_access', 'billing', 'bug']);
  });

  it('trains on JSONL tickets with redacted text and their urgency', () => {
    const run = ticketRun;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/tickets, redacted/);
    const saved = readFileSync(ticketModel, 'utf8');
    expect(JSON.parse(run.stdout)).toHaveProperty('urgencyLevels', expect.arrayContaining(['normal']));
    // Planted PII never becomes a feature of the model.
    for (const ticket of tickets.slice(0, 40)) {
      if (ticket.requester?.email) expect(saved).not.toContain(ticket.requester.email.toLowerCase());
    }
  });

  it('fails on a missing file with one line and a non-zero exit', async () => {
    const run = await runCliInProcess([
      'train',
      '--data',
      join(directory, 'nope.csv'),
      '--out',
      join(directory, 'unused.json'),
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no such file/);
    expectOneLineError(run.stderr);
  });

  // The same main as the process above, in this process: each case would otherwise pay a process start.
  it.each([
    [
      'a missing column',
      () => ['--data', file('cols.csv', 'body,label\nhello,a\nbye,b'), '--text-column', 'text'],
      /no column "text"/,
    ],
    ['empty data', () => ['--data', file('empty.csv', 'text,label\n')], /no (labelled )?rows/],
    ['an unknown format', () => ['--data', file('data.xlsx', 'x')], /unknown format "xlsx"/],
    [
      'a label the taxonomy lacks',
      () => ['--data', file('bad-label.jsonl', JSON.stringify({ ...tickets[0], label: 'not_a_label' }))],
      /label "not_a_label".*not in the taxonomy/,
    ],
    [
      'a CSV label the given taxonomy lacks',
      () => ['--data', freeCsv, '--taxonomy', 'config/taxonomy.yaml'],
      /label "refund" \(row 1\) is not in the taxonomy/,
    ],
    ['a single label', () => ['--data', file('one.csv', 'text,label\nhello,a\nbye,a')], /at least two labels/],
  ])('fails on %s with one line and a non-zero exit', async (_name, args, message) => {
    const run = await runCliInProcess(['train', ...args(), '--out', join(directory, 'unused.json')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expectOneLineError(run.stderr);
  });

  it('prints help', async () => {
    const run = await runCliInProcess(['train', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--label-column/);
  });
});

describe('triage classify', () => {
  it("prints the model prediction for TEXT when the labels are not the taxonomy's", async () => {
    const run = await runCliInProcess([
      'classify',
      '--model',
      benchmarkModel,
      'Please refund my invoice, write to jane@example.com',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { label: string; confidence: number; evidence: string[] };
    expect(result.label).toBe('refund');
    expect(result.evidence.length).toBeGreaterThan(0);
    expect(run.stdout).not.toContain('jane@example.com');
  });

  it('runs the triage pipeline on JSONL tickets from stdin and prints contract TriageResults', async () => {
    const input = tickets
      .slice(0, 3)
      .map((ticket) => JSON.stringify(ticket))
      .join('\n');
    const run = await runCli(['classify', '--model', ticketModel], { stdin: input });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const result = TriageResult.parse(JSON.parse(line));
      expect(result.versions.model).toMatch(/^local-/);
    }
    for (const ticket of tickets.slice(0, 3))
      if (ticket.requester?.email) expect(run.stdout).not.toContain(ticket.requester.email);
  });

  it.each([
    ['a missing model file', () => ['--model', join(directory, 'none.json'), 'x'], /no such file/],
    [
      'a file that is not a model',
      () => ['--model', file('not-model.json', '{"hello":1}'), 'x'],
      /not a Triage Assist model file/,
    ],
  ])('fails on %s with one line', async (_name, args, message) => {
    const run = await runCliInProcess(['classify', ...args()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expectOneLineError(run.stderr);
  });

  // Read from the real stdin (fd 0): a process each.
  it.concurrent.each([
    ['stdin that is not JSON', () => ['--model', benchmarkModel], '{oops', /line 1 is not valid JSON/],
    ['empty stdin', () => ['--model', benchmarkModel], '', /no tickets on stdin/],
  ])('fails on %s with one line', async (_name, args, stdin, message) => {
    const run = await runCli(['classify', ...args()], { stdin });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expectOneLineError(run.stderr);
  });
});

describe('triage eval', () => {
  it('prints one JSON object with the acceptance fields', async () => {
    const run = await runCli(['eval', '--train', csv, '--test', testCsv, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, number>;
    for (const field of [
      'accuracy',
      'macroF1',
      'coverageAtAuto',
      'precisionAtAuto',
      'trainSeconds',
      'predictMicrosP50',
    ])
      expect(typeof report[field]).toBe('number');
    expect(report.accuracy).toBe(1);
    expect(report.autoThreshold).toBe(0.85);
  });

  it('reports in-scope accuracy and oos recall with a threshold picked on --val', async () => {
    const run = await runCliInProcess([
      'eval',
      '--train',
      csv,
      '--test',
      oosTest,
      '--val',
      oosTest,
      '--oos-label',
      'oos',
      '--threshold',
      '0.5',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, number>;
    expect(report.autoThreshold).toBe(0.5);
    expect(report.inScopeAccuracy).toBeGreaterThan(0);
    expect(report.oosRecall).toBeGreaterThan(0);
    expect(typeof report.oosThreshold).toBe('number');
    expect(report.oosValidationRecall).toBeGreaterThan(0);
  });

  it('scores the served rule with --oos-label and no --val: out of scope is what goes to review', async () => {
    const run = await runCliInProcess(['eval', '--train', csv, '--test', oosTest, '--oos-label', 'oos', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report.oosRule).toBe('served');
    expect(report.oosThreshold).toBeUndefined();
    expect(typeof report.inScopeFloor).toBe('number');
    expect(report.oosRecall).toBeGreaterThanOrEqual(0);
    expect(report.inScopeAccuracy).toBeGreaterThan(0);
    const shares = (report.autoShare as number) + (report.draftShare as number) + (report.reviewShare as number);
    expect(shares).toBeCloseTo(1, 3);
  });

  it('scores the TF-IDF + logistic-regression baseline beside the model with --baseline', async () => {
    const run = await runCliInProcess([
      'eval',
      '--train',
      csv,
      '--test',
      oosTest,
      '--oos-label',
      'oos',
      '--baseline',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report.baselineAccuracy).toEqual(expect.any(Number));
    expect(report.baselineInScopeAccuracy).toEqual(expect.any(Number));
    // The baseline never answers "out of scope": its accuracy over every row is at most its in-scope accuracy.
    expect(report.baselineAccuracy as number).toBeLessThanOrEqual(report.baselineInScopeAccuracy as number);
    expect([1e-4, 1e-5, 1e-6]).toContain(report.baselineLambda);
  });

  it('holds out a share of the labels and counts their test rows as out of scope', async () => {
    const run = await runCliInProcess([
      'eval',
      '--train',
      csv,
      '--test',
      testCsv,
      '--holdout-labels',
      '0.25',
      '--seed',
      '3',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report.heldOutLabels).toBe(1);
    expect(report.oosRule).toBe('served');
    expect(report.labels).toBe(MULTILINGUAL_LABELS - 1);
    expect(typeof report.autoPrecision).toBe('number');
    expect(typeof report.oosRecall).toBe('number');
  });

  it('prints a readable table without --json', async () => {
    const run = await runCliInProcess(['eval', '--train', csv, '--test', testCsv]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^accuracy\s+1\n/m);
  });

  it('fails on a missing test file with one line', async () => {
    const run = await runCliInProcess(['eval', '--train', csv, '--test', join(directory, 'missing.csv'), '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no such file/);
    expectOneLineError(run.stderr);
  });

  it.each([
    [
      'a --holdout-labels share that is not between 0 and 1',
      () => ['--train', csv, '--test', testCsv, '--holdout-labels', '1'],
      /--holdout-labels must be/,
    ],
    ['a bad threshold', () => ['--train', csv, '--test', testCsv, '--threshold', '2'], /--threshold must be/],
    [
      'a --val without oos rows',
      () => ['--train', csv, '--test', oosTest, '--val', testCsv, '--oos-label', 'oos'],
      /no rows labelled "oos"/,
    ],
  ])('fails on %s with one line', async (_name, args, message) => {
    const run = await runCliInProcess(['eval', ...args(), '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expectOneLineError(run.stderr);
  });
});
