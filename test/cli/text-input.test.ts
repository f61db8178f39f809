import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTILINGUAL_ROWS } from '../model/multilingual-rows.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'text-input-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}
const csvLine = (text: string, label: string) => `"${text.replace(/"/g, '""')}",${label}`;
const goodCsv = file(
  'train.csv',
  ['text,label', ...MULTILINGUAL_ROWS.map((row) => csvLine(row.text, row.label))].join('\n'),
);
const ticketLine = (id: string, description: string) =>
  JSON.stringify({ id, subject: 'Invoice question', description, label: 'billing' });

/** One `triage:` line naming where the problem is, exit code 2, no stack trace, the text not echoed. */
function expectRefused(run: { code: number; stderr: string; stdout: string }, where: RegExp, secret: string): void {
  expect(run.code).toBe(2);
  const lines = run.stderr.split('\n').filter((line) => line.startsWith('triage:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(where);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
}

describe('CLI commands reading text', { timeout: 120_000 }, () => {
  const model = join(directory, 'model.json');
  beforeAll(async () => {
    expect((await runCliInProcess(['train', '--data', goodCsv, '--out', model])).code).toBe(0);
  });

  it('train refuses a JSONL ticket holding a NUL, naming its line and field', async () => {
    const data = file(
      'nul.jsonl',
      [ticketLine('t-1', 'Please resend the invoice.'), ticketLine('t-2', 'secret words\u0000here')].join('\n'),
    );
    expectRefused(
      await runCliInProcess(['train', '--data', data, '--out', join(directory, 'unused.json')]),
      /line 2 is not a labelled ticket: description: .*NUL/,
      'secret words',
    );
  });

  it('train refuses a CSV cell holding a NUL, naming its row and column', async () => {
    const data = file(
      'nul.csv',
      ['text,label', csvLine('Please resend the invoice.', 'billing'), csvLine('secret words\u0000here', 'bug')].join(
        '\n',
      ),
    );
    expectRefused(
      await runCliInProcess(['train', '--data', data, '--out', join(directory, 'unused.json')]),
      /row 3 text: .*NUL/,
      'secret words',
    );
  });

  it('eval refuses a plain JSONL row holding a lone surrogate, naming its line and column', async () => {
    const data = file(
      'surrogate.jsonl',
      [
        JSON.stringify({ text: 'Please resend the invoice.', label: 'billing' }),
        JSON.stringify({ text: 'secret words \ud83d', label: 'bug' }),
      ].join('\n'),
    );
    expectRefused(
      await runCliInProcess(['eval', '--train', goodCsv, '--test', data, '--json']),
      /line 2 text: .*lone UTF-16 surrogate/,
      'secret words',
    );
  });

  it('classify refuses a stdin ticket holding a lone surrogate, naming its line and field', async () => {
    const stdin = `${ticketLine('c-1', 'Please resend the invoice.')}\n${JSON.stringify({ id: 'c-2', subject: 'secret words \udc4d' })}\n`;
    expectRefused(
      await runCli(['classify', '--model', model], { stdin }),
      /stdin line 2 is not a ticket: subject: .*lone UTF-16 surrogate/,
      'secret words',
    );
  });
});
