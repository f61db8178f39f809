import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelledTicket } from '../../src/contract/index.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

describe('triage demo', () => {
  it('writes the requested number of contract-valid JSONL tickets', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'demo-')), 'demo.jsonl');
    const run = await runCli(['demo', '--out', out, '--count', '70', '--seed', '3']);
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(70);
    for (const line of lines) expect(LabelledTicket.safeParse(JSON.parse(line)).success).toBe(true);
  });

  it.each([
    ['--count', 'many'],
    ['--seed', '-1'],
  ])('rejects %s %s with a message and a non-zero exit', async (option, value) => {
    const run = await runCliInProcess(['demo', '--out', join(tmpdir(), 'never.jsonl'), option, value]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(option);
  });
});
