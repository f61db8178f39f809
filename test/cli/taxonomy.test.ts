import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taxonomyJsonSchema } from '../../src/taxonomy/index.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

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
    const run = await runCliInProcess(['taxonomy', 'check', file]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/thresholds\.review: thresholds\.review must not exceed thresholds\.auto/);
  });

  it('reports a missing file', async () => {
    const run = await runCliInProcess(['taxonomy', 'check', 'no/such/file.yaml']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no such file/);
  });

  it('keeps the committed JSON Schema for editors in sync with the zod schema', () => {
    const committed: unknown = JSON.parse(readFileSync('config/taxonomy.schema.json', 'utf8'));
    expect(committed).toEqual(taxonomyJsonSchema());
  });
});

describe('triage serve with a bad TRIAGE_TAXONOMY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxonomy-serve-'));
  const env = (taxonomy: string) => ({
    TRIAGE_TAXONOMY: taxonomy,
    DATA_DIR: join(dir, 'data'),
    DATABASE_URL: '',
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const serveWith = (taxonomy: string) => runCli(['serve'], { env: env(taxonomy) });
  // The same `main` in this process: a refused configuration starts nothing.
  const serveHere = (taxonomy: string) => runCliInProcess(['serve'], { env: env(taxonomy) });

  it('stops with the variable, the key at fault and the check command, not an "unexpected error"', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync('config/taxonomy.yaml', 'utf8').replace('review: 0.6 ', 'review: 0.95 '));
    const run = await serveWith(file);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.stderr).toContain(
      `triage: invalid configuration: TRIAGE_TAXONOMY: ${file} is not a valid taxonomy: thresholds.review: thresholds.review must not exceed thresholds.auto`,
    );
    expect(run.stderr).toContain(`triage taxonomy check ${file}`);
  });

  it('says which file is missing and how to fix it', async () => {
    const run = await serveHere(join(dir, 'no-such.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^triage: invalid configuration: TRIAGE_TAXONOMY: .*no-such\.yaml: no such file; point TRIAGE_TAXONOMY at your taxonomy file/m,
    );
  });
});
