import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/index.ts';
import { Sealer, startInstallations } from '../../server/installations/index.ts';
import { ApiMetrics } from '../../server/http/metrics.ts';
import { bootstrap } from '../../server/runtime/bootstrap.ts';
import { createRuntime } from '../../server/runtime/create-runtime.ts';
import { triageAndStore } from '../../server/runtime/triage-service.ts';
import { serverTenants } from '../../server/tenants/index.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';

const silent = pino({ level: 'silent' });
const chargedTwice = {
  id: 'new-1',
  subject: 'Charged twice',
  description: 'I was charged twice for my subscription this month.',
  comments: [],
  participants: [],
  tags: [],
};
const config = () =>
  loadConfig({
    env: {
      DATA_DIR: '/nonexistent-not-opened',
      LOG_LEVEL: 'silent',
      TRIAGE_SHARED_SECRET: 'runtime-test-secret-0123456789',
      TRIAGE_ADMIN_TOKEN: 'runtime-test-admin-0123456789',
      TRIAGE_SYNC_INTERVAL_MS: '100',
    },
    envFile: null,
  });

describe("serverTenants: every installation's runtime from the TenantDirectory", () => {
  it('serves the pinned default installation, keeps it current on the directory timer, and reports residency', async () => {
    const store = new MemoryStore();
    const metrics = new ApiMetrics({ processMetrics: false });
    const wiring = serverTenants(config(), silent, { events: metrics.tenantEvents() });
    metrics.trackTenants(() => wiring.directory()?.stats() ?? null);
    const handle = await createRuntime(config(), silent, { store, llm: null, installation: wiring.installation });
    try {
      const directory = wiring.directory()!;
      expect(directory.residents()).toEqual(['default']);
      const report = await bootstrap(handle, silent, { demo: true });
      expect(report.trainedVersion).not.toBeNull();
      const tenant = await directory.get('default');
      expect(handle.runtime.model).toBe(tenant.model);
      const outcome = await triageAndStore(handle.runtime, chargedTwice);
      expect(outcome.reused).toBe(false);
      // Another instance's ticket arrives through the directory's polling, not a timer of the runtime's own.
      const before = handle.runtime.similar.size();
      await store.upsertTickets([
        {
          id: 'other-1',
          subject: 's',
          text: 'refund please',
          label: null,
          urgency: null,
          status: 'open',
          createdAt: null,
          source: 'import',
        },
      ]);
      await expect.poll(() => handle.runtime.similar.size(), { timeout: 3_000 }).toBe(before + 1);
      metrics.setRuntimeState(handle.runtime);
      const text = await metrics.text();
      expect(text).toMatch(/^triage_tenants_resident 1$/m);
      expect(text).toMatch(/^triage_tenant_loads_total\{outcome="loaded"\} 1$/m);
      // Another installation: loaded on its first request from its own scoped store, with nothing of the default's.
      const runtimeFor = wiring.runtimeFor(handle.runtime);
      const lease = await runtimeFor('inst_other');
      expect(lease.runtime.installation).toBe('inst_other');
      expect(await lease.runtime.store.countTickets()).toBe(0);
      expect(await lease.runtime.store.getTicket('new-1')).toBeNull();
      expect(lease.runtime.model.current()).toBeNull();
      expect(lease.runtime.similar.size()).toBe(0);
      // Its triage: no model of its own yet, so at most review; stored under its installation only.
      const other = await triageAndStore(lease.runtime, chargedTwice);
      expect(other.reused).toBe(false);
      if (!other.reused) expect(other.result.decision).toBe('review');
      expect(await lease.runtime.store.countTickets()).toBe(1);
      expect(await store.forInstallation('inst_other').countTickets()).toBe(1);
      expect((await store.getTicket('new-1'))?.subject).toBe('Charged twice');
      expect(directory.residents().sort()).toEqual(['default', 'inst_other']);
      lease.release();
      expect((await runtimeFor('default')).runtime).not.toBe(lease.runtime);
    } finally {
      await handle.close();
    }
    expect(wiring.directory()!.residents()).toEqual([]);
  }, 60_000);

  it("gives a registered installation's tenant its own taxonomy from the registry, following every change", async () => {
    const store = new MemoryStore();
    const wiring = serverTenants(config(), silent);
    const handle = await createRuntime(config(), silent, { store, llm: null, installation: wiring.installation });
    const { registry, keyring } = await startInstallations(store, {
      sealer: new Sealer(Buffer.alloc(32, 6)),
      defaultSecret: 'runtime-test-secret-0123456789',
      syncIntervalMs: 100,
    });
    try {
      const acme = await registry.add({ subdomain: 'acme' });
      await registry.setTaxonomy('acme', ownTaxonomy('acme-1'));
      await wiring.followTaxonomies(registry, keyring);
      const fileLabels = handle.runtime.taxonomy.current().labelIds;
      const runtimeFor = wiring.runtimeFor(handle.runtime);
      const lease = await runtimeFor(acme.id);
      expect(lease.runtime.taxonomy.current().labelIds).toEqual(['billing', 'shipping']);
      const triaged = await triageAndStore(lease.runtime, {
        id: 't-1',
        subject: 'Charged twice',
        description: 'I was charged twice for my subscription this month.',
        comments: [],
        participants: [],
        tags: [],
      });
      expect(triaged.reused).toBe(false);
      if (!triaged.reused) expect(triaged.result.versions.taxonomy).toBe('acme-1');
      // The default installation keeps the file.
      const defaultLease = await runtimeFor('default');
      expect(defaultLease.runtime.taxonomy.current().labelIds).toEqual(fileLabels);
      defaultLease.release();
      // Changed and cleared through the registry: the resident tenant follows without a reload.
      await registry.setTaxonomy('acme', ownTaxonomy('acme-2', ['billing', 'returns']));
      expect(lease.runtime.taxonomy.current().labelIds).toEqual(['billing', 'returns']);
      await registry.clearTaxonomy('acme');
      expect(lease.runtime.taxonomy.current().labelIds).toEqual(fileLabels);
      lease.release();
    } finally {
      keyring.stop();
      await handle.close();
    }
  }, 60_000);
});
