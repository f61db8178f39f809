import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'eval-similar-cli-'));
function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

const train = file(
  'train.csv',
  [
    'text,label',
    'I was charged twice for my order,billing',
    'please refund the duplicate charge,billing',
    'cannot log in to my account,login',
    'password reset mail never arrives,login',
    'ログインできません,login',
    'hoàn tiền cho tôi,billing',
  ].join('\n'),
);
const test = file(
  'test.csv',
  ['text,label', 'charged twice refund,billing', 'log in fails password reset,login', 'hoan tien,billing'].join('\n'),
);

describe('triage eval-similar', () => {
  it('prints P@1, P@5, MRR for the product and the BM25 baseline, and query latency, as JSON', async () => {
    const run = await runCli(['eval-similar', '--train', train, '--test', test, '--json']);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as Record<string, unknown>;
    // Every query's best hit shares its label; 3 train tickets per label → P@5 is at most 3/5.
    expect(output).toMatchObject({
      precisionAt1: 1,
      mrr: 1,
      queries: 3,
      trainTickets: 6,
      baseline: { precisionAt1: 1, mrr: 1 },
    });
    expect(output.precisionAt5).toBeGreaterThan(0);
    expect(output.precisionAt5).toBeLessThanOrEqual(0.6);
    expect(output.queryMillisP50).toEqual(expect.any(Number));
    expect(output.queryMillisP95).toBeGreaterThanOrEqual(output.queryMillisP50 as number);
  });

  it('scores only the first N test rows with --limit', async () => {
    const run = await runCliInProcess(['eval-similar', '--train', train, '--test', test, '--limit', '2', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ queries: 2 });
  });

  it('reads other column names with --text-column and --label-column', async () => {
    const renamed = file('renamed.csv', 'body,intent\ncannot log in,login\ncharged twice,billing\n');
    const run = await runCliInProcess([
      'eval-similar',
      '--train',
      renamed,
      '--test',
      renamed,
      '--text-column',
      'body',
      '--label-column',
      'intent',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ precisionAt1: 1, queries: 2 });
  });

  it('prints a readable table without --json', async () => {
    const run = await runCliInProcess(['eval-similar', '--train', train, '--test', test]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ranker\s+P@1\s+P@5\s+MRR/);
    expect(run.stdout).toMatch(/BM25 baseline\s+1\.0000/);
  });

  it.each([
    ['a missing train file', () => ['--train', join(directory, 'missing.csv'), '--test', test], /no such file/],
    [
      'a missing column',
      () => ['--train', file('nolabel.csv', 'text,intent\nhello,x\n'), '--test', test],
      /no column "label"/,
    ],
    ['an empty test file', () => ['--train', train, '--test', file('empty.csv', 'text,label\n')], /no rows/],
    ['an unknown format', () => ['--train', file('data.txt', 'x'), '--test', test], /unknown format/],
    ['a bad --limit', () => ['--train', train, '--test', test, '--limit', '0'], /--limit must be a whole number/],
  ])('fails on %s with a one-line message', async (_name, args, message) => {
    const run = await runCliInProcess(['eval-similar', ...args(), '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('fails without --test', async () => {
    const run = await runCliInProcess(['eval-similar', '--train', train]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--test/);
  });

  it('prints help and exits 0', async () => {
    const run = await runCliInProcess(['eval-similar', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--train <file>/);
    expect(run.stdout).toMatch(/BM25/);
  });
});
