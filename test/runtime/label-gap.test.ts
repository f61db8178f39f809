import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { parseModel } from '../../src/model/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import { loadConfig } from '../../server/config/index.ts';
import { createRuntime, type RuntimeHandle } from '../../server/runtime/create-runtime.ts';
import { labelsNotInTaxonomy, reportLabelGap } from '../../server/runtime/label-gap.ts';
import { MemoryStore } from '../support/memory-store.ts';

const original = readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8');
const taxonomy = parseTaxonomy(original);

/** The taxonomy file without one label (and its rules), as an admin would save it. */
function without(label: string, version: string): string {
  return stringify({
    version,
    labels: taxonomy.labels.filter((definition) => definition.id !== label),
    urgency: taxonomy.urgency,
    tags: taxonomy.tags,
    rules: taxonomy.rules.filter((rule) => rule.label !== label),
    thresholds: taxonomy.thresholds,
  });
}

// Lenient: the runtime's other log lines pass through here too.
const LogLine = z.object({ level: z.number(), msg: z.string().optional(), labels: z.unknown().optional() });

function capturingLogger() {
  const lines: z.infer<typeof LogLine>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({ write: (chunk, _encoding, done) => (lines.push(LogLine.parse(JSON.parse(String(chunk)))), done()) }),
  );
  return { logger, lines, gaps: () => lines.filter((line) => Array.isArray(line.labels)) };
}

describe('reportLabelGap', () => {
  const model = { version: 'm-1', labels: ['billing', 'bug', 'retired'] };

  it('warns with the model labels the taxonomy no longer has', () => {
    const { logger, gaps } = capturingLogger();
    expect(labelsNotInTaxonomy(model, taxonomy)).toEqual(['retired']);
    reportLabelGap(logger, model, taxonomy);
    expect(gaps()).toMatchObject([{ level: 40, labels: ['retired'] }]);
    expect(gaps()[0]?.msg).toContain('trained from now on');
  });

  it('says nothing when the taxonomy has every model label, or no model serves', () => {
    const { logger, lines } = capturingLogger();
    reportLabelGap(logger, { version: 'm-2', labels: ['billing', 'bug'] }, taxonomy);
    reportLabelGap(logger, null, taxonomy);
    expect(lines).toEqual([]);
  });

  it("logs an error when the model knows none of the taxonomy's labels", () => {
    const { logger, gaps } = capturingLogger();
    reportLabelGap(logger, { version: 'm-3', labels: ['old_a', 'old_b'] }, taxonomy);
    expect(gaps()).toMatchObject([{ level: 50, labels: ['old_a', 'old_b'] }]);
  });
});

describe('createRuntime after a label is removed from the taxonomy file', () => {
  let dir: string;
  let handle: RuntimeHandle | null = null;
  afterEach(async () => {
    await handle?.close();
    handle = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the labels the serving model still knows on reload, and trains the next version without them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'triage-label-gap-'));
    const path = join(dir, 'taxonomy.yaml');
    writeFileSync(path, original);
    const store = new MemoryStore();
    await store.upsertTickets(generateDemoTickets({ count: 400, seed: 7 }).map(importWrite));
    const config = loadConfig({
      env: {
        DATA_DIR: dir,
        TRIAGE_TAXONOMY: path,
        LOG_LEVEL: 'silent',
        TRIAGE_SHARED_SECRET: 'label-gap-test-secret-0123456789',
        TRIAGE_ADMIN_TOKEN: 'label-gap-test-admin-0123456789',
      },
      envFile: null,
    });
    const { logger, gaps } = capturingLogger();
    handle = await createRuntime(config, logger, {
      store,
      live: false,
      loadSimilarIndex: false,
      llm: null,
      embedder: null,
    });
    await handle.trainer.train();
    expect(handle.model.current()?.model.labels).toContain('fraud');
    expect(gaps()).toEqual([]);

    writeFileSync(path, without('fraud', '2026.11.9'));
    expect(await handle.taxonomy.reload()).toBe(true);
    expect(gaps()).toMatchObject([{ level: 40, labels: ['fraud'] }]);

    // Tickets labelled with the removed label are left out of training: a new version does not know it (it serves
    // once it is no worse on the held-out tickets than the serving model, answering within the taxonomy).
    const retrained = await handle.trainer.train();
    const saved = store.models.find((model) => model.version === retrained.version);
    expect(parseModel(saved!.artifact).labels).not.toContain('fraud');
    expect(parseModel(saved!.artifact).labels.length).toBe(taxonomy.labels.length - 1);
  }, 60_000);
});
