import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { TaxonomyHolder } from '../../server/runtime/taxonomy-holder.ts';

const original = readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8');
let dir: string;
let holder: TaxonomyHolder | null = null;
afterEach(() => {
  holder?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('TaxonomyHolder', () => {
  it('reloads an edited file, keeps the old taxonomy on a bad edit and logs the key at fault', async () => {
    dir = mkdtempSync(join(tmpdir(), 'triage-taxonomy-'));
    const path = join(dir, 'taxonomy.yaml');
    writeFileSync(path, original);
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
    );
    holder = await TaxonomyHolder.load(path, logger);
    const changes: string[] = [];
    holder.onChange((taxonomy) => changes.push(taxonomy.version));
    holder.watch();
    const firstRules = holder.rules();
    expect(holder.current().version).toBe('2026.11.1');

    // Editors often save by writing a temp file and renaming it over the original.
    writeFileSync(join(dir, 'taxonomy.yaml.tmp'), original.replace('version: "2026.11.1"', 'version: "2026.11.2"'));
    renameSync(join(dir, 'taxonomy.yaml.tmp'), path);
    await until(() => holder!.current().version === '2026.11.2');
    expect(changes).toEqual(['2026.11.2']);
    expect(holder.rules()).not.toBe(firstRules);

    writeFileSync(
      path,
      original.replace('version: "2026.11.1"', 'version: "2026.11.3"').replace('auto: 0.85', 'auto: 7'),
    );
    await until(() => lines.some((line) => line.includes('taxonomy reload failed')));
    expect(holder.current().version).toBe('2026.11.2');
    expect(lines.find((line) => line.includes('taxonomy reload failed'))).toContain('thresholds.auto');
  });
});
