import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRules } from '../../src/rules/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import type { TaxonomySource } from '../../server/runtime/runtime.ts';
import { TenantDirectory, tenantFactory, type Tenant } from '../../server/tenants/index.ts';
import { MemoryStore } from '../support/memory-store.ts';

const silent = pino({ level: 'silent' });
const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));
const rules = compileRules(taxonomy);
const taxonomySource: TaxonomySource = { current: () => taxonomy, rules: () => rules };

/** One MemoryStore per installation, as `store.forInstallation(id)` will scope one database. */
function stores(): Map<string, MemoryStore> {
  return new Map();
}

function factoryOver(byInstallation: Map<string, MemoryStore>, opened: string[] = []) {
  return tenantFactory({
    scopedStore: (installation) => {
      opened.push(installation);
      let store = byInstallation.get(installation);
      if (!store) byInstallation.set(installation, (store = new MemoryStore()));
      return store;
    },
    taxonomy: () => taxonomySource,
    logger: silent,
    now: () => new Date('2026-11-23T12:00:00Z'),
  });
}

async function seeded(count: number, seed: number): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.upsertTickets(generateDemoTickets({ count, seed }).map(importWrite));
  return store;
}

let directory: TenantDirectory<Tenant<MemoryStore>> | null = null;
afterEach(async () => {
  await directory?.close();
  directory = null;
});

describe('tenantFactory', () => {
  it("loads an installation's own model and similar index from its scoped store, and nothing of another's", async () => {
    const byInstallation = stores();
    byInstallation.set('inst_a', await seeded(300, 1));
    byInstallation.set('inst_b', await seeded(40, 2));
    // inst_a has a trained model; inst_b has tickets but none yet.
    const load = factoryOver(byInstallation);
    const a = await load('inst_a');
    await a.trainer.train();
    await a.close();

    directory = new TenantDirectory({ load, budgetBytes: 512 * 1024 * 1024 });
    const tenantA = await directory.get('inst_a');
    const tenantB = await directory.get('inst_b');
    expect(tenantA.store).toBe(byInstallation.get('inst_a'));
    expect(tenantA.model.current()).not.toBeNull();
    expect(tenantA.similar.size()).toBe(300);
    expect(tenantB.model.current()).toBeNull();
    expect(tenantB.similar.size()).toBe(40);
    expect(tenantB.installation).toBe('inst_b');
    // Both the model and the index are counted.
    expect(tenantA.model.residentBytes()).toBeGreaterThan(0);
    expect(tenantB.model.residentBytes()).toBe(0);
    expect(tenantA.residentBytes()).toBe(tenantA.model.residentBytes() + tenantA.similar.residentBytes());
    expect(tenantB.residentBytes()).toBe(tenantB.similar.residentBytes());
    expect(tenantA.similar.residentBytes()).toBeGreaterThan(tenantB.similar.residentBytes());
    expect(directory.stats().residentBytes).toBe(tenantA.residentBytes() + tenantB.residentBytes());
  });

  it("imports into the installation's own store, and its refresh picks up a model promoted elsewhere", async () => {
    const byInstallation = stores();
    const opened: string[] = [];
    directory = new TenantDirectory({ load: factoryOver(byInstallation, opened), budgetBytes: 512 * 1024 * 1024 });
    const tenant = await directory.get('inst_new');
    expect(opened).toEqual(['inst_new']);
    expect(tenant.model.current()).toBeNull();
    const lines = generateDemoTickets({ count: 200, seed: 3 }).map((ticket) => JSON.stringify(ticket));
    const report = await tenant.importer(
      (async function* () {
        yield* lines;
      })(),
    );
    expect(report.inserted).toBe(200);
    expect(await byInstallation.get('inst_new')!.countTickets()).toBe(200);
    // Another instance trains and promotes (here: a second context over the same store).
    const other = await factoryOver(byInstallation)('inst_new');
    await other.trainer.train();
    await other.close();
    await directory.refreshAll();
    expect(tenant.model.current()?.version).toBe(other.model.current()?.version);
    expect(tenant.similar.size()).toBe(200);
  });

  it('stops what it started when a load fails, and the directory retries on the next request', async () => {
    const byInstallation = stores();
    const store = new MemoryStore();
    byInstallation.set('inst_a', store);
    let failNext = true;
    const latestModel = store.latestModel.bind(store);
    store.latestModel = async () => {
      if (failNext) {
        failNext = false;
        throw new Error('database unavailable');
      }
      return latestModel();
    };
    directory = new TenantDirectory({ load: factoryOver(byInstallation), budgetBytes: 1024 * 1024 });
    await expect(directory.get('inst_a')).rejects.toThrow('database unavailable');
    expect((await directory.get('inst_a')).installation).toBe('inst_a');
  });

  it('evicts the least recently used installation when real indexes pass the budget', async () => {
    const byInstallation = stores();
    for (const [index, id] of ['inst_a', 'inst_b', 'inst_c'].entries())
      byInstallation.set(id, await seeded(150, index));
    const probe = await factoryOver(byInstallation)('inst_a');
    const oneIndex = probe.residentBytes();
    await probe.close();
    // Room for two installations' indexes, not three.
    directory = new TenantDirectory({ load: factoryOver(byInstallation), budgetBytes: Math.floor(oneIndex * 2.5) });
    await directory.get('inst_a');
    await directory.get('inst_b');
    await directory.get('inst_c');
    expect(directory.residents()).toEqual(['inst_b', 'inst_c']);
    expect(directory.stats().residentBytes).toBeLessThanOrEqual(directory.stats().budgetBytes);
  });
});
