import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'redaction-cli-'));
function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe('triage redact', () => {
  it('redacts TEXT and prints redacted text with findings as JSON', async () => {
    const run = await runCli(['redact', 'Mail jane@example.com']);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as { redacted: string; findings: Array<{ type: string }> };
    expect(output.redacted).toBe('Mail <EMAIL_1>');
    expect(output.findings.map((finding) => finding.type)).toEqual(['EMAIL_ADDRESS']);
    expect(run.stdout).not.toContain('jane@');
  });

  it('reads stdin when no TEXT is given', async () => {
    const run = await runCli(['redact'], { stdin: 'call +44 20 7946 0958' });
    expect(JSON.parse(run.stdout)).toMatchObject({ redacted: 'call <PHONE_1>' });
  });

  it('rejects a threshold outside 0..1 with one line', async () => {
    const run = await runCliInProcess(['redact', '--threshold', '7', 'x']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('triage eval-redaction', () => {
  const good = file(
    'good.json',
    JSON.stringify([
      {
        full_text: 'mail a@b.com',
        spans: [{ entity_type: 'EMAIL_ADDRESS', entity_value: 'a@b.com', start_position: 5, end_position: 12 }],
      },
    ]),
  );

  it('prints overall and per-type scores as JSON', async () => {
    const run = await runCli(['eval-redaction', '--data', good, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      overall: { precision: 1, recall: 1, f2: 1 },
      perType: { EMAIL_ADDRESS: { precision: 1, recall: 1, f2: 1, support: 1 } },
    });
  });

  it('prints a readable table without --json', async () => {
    const run = await runCliInProcess(['eval-redaction', '--data', good]);
    expect(run.stdout).toMatch(/^type\s+precision\s+recall\s+F2\s+support/);
    expect(run.stdout).toMatch(/EMAIL_ADDRESS\s+1\.000\s+1\.000\s+1\.000\s+1/);
  });

  it.each([
    ['a missing file', () => join(directory, 'missing.json'), /no such file/],
    ['a file that is not JSON', () => file('bad.json', '{oops'), /not valid JSON/],
    [
      'JSON of the wrong shape',
      () => file('shape.json', JSON.stringify([{ text: 'x' }])),
      /not in the Presidio synthetic format/,
    ],
  ])('fails on %s with a one-line message', async (_name, path, message) => {
    const run = await runCliInProcess(['eval-redaction', '--data', path()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fails without --data', async () => {
    const run = await runCliInProcess(['eval-redaction']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--data/);
  });

  it('prints help and exits 0', async () => {
    const run = await runCliInProcess(['eval-redaction', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Presidio/);
  });
});
