import { describe, expect, it } from 'vitest';
import { ApiMetrics } from '../../server/http/metrics.ts';
import { TenantDirectory, type Resident } from '../../server/tenants/index.ts';

const tenantOf = (bytes: number): Resident => ({
  residentBytes: () => bytes,
  refresh: async () => undefined,
  close: async () => undefined,
});

/** The value of one unlabelled series (or the one with `labels`) in the exposition text. */
function value(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((row) => row.startsWith(`${name}${labels} `));
  if (!line) throw new Error(`no series ${name}${labels}`);
  return Number(line.split(' ')[1]);
}

describe('/metrics tenant residency', () => {
  it('reports resident installations, bytes, budget, loads, evictions and load seconds, without installation labels', async () => {
    const metrics = new ApiMetrics({ processMetrics: false });
    const directory = new TenantDirectory({
      load: async (installation) => {
        if (installation === 'inst_broken') throw new Error('database unavailable');
        return tenantOf(400);
      },
      budgetBytes: 1_000,
      pinned: ['default'],
      events: metrics.tenantEvents(),
    });
    await directory.get('default');
    await directory.get('inst_a');
    await directory.get('inst_b'); // 1,200 bytes: inst_a goes
    await expect(directory.get('inst_broken')).rejects.toThrow();
    const held = await directory.acquire('inst_b');
    metrics.setTenantResidency(directory.stats());
    const text = await metrics.text();
    expect(value(text, 'triage_tenants_resident')).toBe(2);
    expect(value(text, 'triage_tenants_in_use')).toBe(1);
    expect(value(text, 'triage_tenants_resident_bytes')).toBe(800);
    expect(value(text, 'triage_tenants_budget_bytes')).toBe(1_000);
    expect(value(text, 'triage_tenant_loads_total', '{outcome="loaded"}')).toBe(3);
    expect(value(text, 'triage_tenant_loads_total', '{outcome="failed"}')).toBe(1);
    expect(value(text, 'triage_tenant_evictions_total')).toBe(1);
    expect(value(text, 'triage_tenant_load_duration_seconds_count', '{outcome="loaded"}')).toBe(3);
    // No series names an installation.
    for (const id of ['default', 'inst_a', 'inst_b', 'inst_broken']) expect(text).not.toContain(id);
    held.release();
    await directory.close();
  });
});
