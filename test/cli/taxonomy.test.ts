import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taxonomyJsonSchema } from '../../src/taxonomy/index.ts';
import { runCli } from '../support/run-cli.ts';

describe('triage taxonomy', () => {
  it('summarizes the default taxonomy', async () => {
    const run = await runCli(['taxonomy', 'check', 'config/taxonomy.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/11 labels \(5 escalation\)/);
  });

  it('names the key and the fix for a bad file, with a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync('config/taxonomy.yaml', 'utf8').replace('review: 0.6 ', 'review: 0.95 '));
    const run = await runCli(['taxonomy', 'check', file]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/thresholds\.review: thresholds\.review must not exceed thresholds\.auto/);
  });

  it('reports a missing file', async () => {
    const run = await runCli(['taxonomy', 'check', 'no/such/file.yaml']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no such file/);
  });

  it('keeps the committed JSON Schema for editors in sync with the zod schema', () => {
    const committed: unknown = JSON.parse(readFileSync('config/taxonomy.schema.json', 'utf8'));
    expect(committed).toEqual(taxonomyJsonSchema());
  });
});
