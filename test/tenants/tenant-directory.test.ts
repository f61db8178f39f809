import { describe, expect, it } from 'vitest';
import {
  loadInstallations,
  TenantDirectory,
  TenantDirectoryClosedError,
  type Resident,
  type TenantDirectoryOptions,
} from '../../server/tenants/index.ts';

/** A context double: a fixed size, and a record of refreshes and closes. */
class FakeTenant implements Resident {
  refreshes = 0;
  closed = false;
  constructor(
    readonly installation: string,
    public bytes: number,
  ) {}
  residentBytes(): number {
    return this.bytes;
  }
  async refresh(): Promise<void> {
    this.refreshes++;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A load function that records calls, can be held open, and can fail. */
function loader(bytes = 100) {
  const calls: string[] = [];
  const made = new Map<string, FakeTenant[]>();
  const failures = new Set<string>();
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  return {
    calls,
    made,
    failures,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    load: async (installation: string): Promise<FakeTenant> => {
      calls.push(installation);
      if (gate) await gate;
      if (failures.has(installation)) throw new Error(`store unavailable for ${installation}`);
      const tenant = new FakeTenant(installation, bytes);
      made.set(installation, [...(made.get(installation) ?? []), tenant]);
      return tenant;
    },
  };
}

function directory(
  load: (installation: string) => Promise<FakeTenant>,
  options: Partial<TenantDirectoryOptions<FakeTenant>> = {},
): TenantDirectory<FakeTenant> {
  return new TenantDirectory({ load, budgetBytes: 1_000, ...options });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TenantDirectory', () => {
  it('loads an installation once however many first requests arrive together (single flight)', async () => {
    const fake = loader();
    const tenants = directory(fake.load);
    fake.hold();
    const all = Promise.all([tenants.get('inst_a'), tenants.get('inst_a'), tenants.get('inst_a')]);
    await settle();
    fake.release();
    const [first, second, third] = await all;
    expect(fake.calls).toEqual(['inst_a']);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(await tenants.get('inst_a')).toBe(first);
    expect(fake.calls).toEqual(['inst_a']);
    expect(tenants.stats()).toMatchObject({ resident: 1, loads: 1, loadFailures: 0 });
  });

  it('keeps separate contexts per installation', async () => {
    const fake = loader();
    const tenants = directory(fake.load);
    const a = await tenants.get('inst_a');
    const b = await tenants.get('inst_b');
    expect(a).not.toBe(b);
    expect([a.installation, b.installation]).toEqual(['inst_a', 'inst_b']);
  });

  it('orders resident installations by last use, least recent first', async () => {
    const tenants = directory(loader().load);
    for (const id of ['a', 'b', 'c']) await tenants.get(id);
    expect(tenants.residents()).toEqual(['a', 'b', 'c']);
    await tenants.get('a');
    expect(tenants.residents()).toEqual(['b', 'c', 'a']);
    await tenants.use('b', () => undefined);
    expect(tenants.residents()).toEqual(['c', 'a', 'b']);
  });

  it('evicts the least recently used installations when their bytes pass the budget, and closes them', async () => {
    const fake = loader(300);
    const tenants = directory(fake.load, { budgetBytes: 1_000 });
    for (const id of ['a', 'b', 'c']) await tenants.get(id);
    expect(tenants.stats()).toMatchObject({ resident: 3, residentBytes: 900, evictions: 0 });
    await tenants.get('a'); // a is now the most recent: b goes first
    await tenants.get('d');
    expect(tenants.residents()).toEqual(['c', 'a', 'd']);
    expect(tenants.stats()).toMatchObject({ resident: 3, residentBytes: 900, budgetBytes: 1_000, evictions: 1 });
    await settle();
    expect(fake.made.get('b')![0]!.closed).toBe(true);
    expect(fake.made.get('a')![0]!.closed).toBe(false);
    // An evicted installation is loaded again on its next request.
    await tenants.get('b');
    expect(fake.calls.filter((id) => id === 'b')).toHaveLength(2);
    expect(tenants.stats().residentBytes).toBeLessThanOrEqual(1_000);
  });

  it('never evicts a pinned installation (the default one), though it counts in the budget', async () => {
    const tenants = directory(loader(400).load, { budgetBytes: 1_000, pinned: ['default'] });
    await tenants.get('default');
    for (const id of ['a', 'b', 'c', 'd']) await tenants.get(id);
    expect(tenants.residents()).toEqual(['default', 'd']);
    expect(tenants.stats()).toMatchObject({ resident: 2, residentBytes: 800 });
  });

  it('does not tear down a context held by a request; evicts it once released if still over budget', async () => {
    const fake = loader(600);
    const tenants = directory(fake.load, { budgetBytes: 1_000 });
    const lease = await tenants.acquire('a');
    await tenants.get('b'); // 1,200 bytes: a is held, so b (just loaded, released) is the one that goes
    expect(tenants.has('a')).toBe(true);
    expect(fake.made.get('a')![0]!.closed).toBe(false);
    const b = await tenants.acquire('b'); // both held: over budget for now
    expect(tenants.stats()).toMatchObject({ resident: 2, residentBytes: 1_200, inUse: 2 });
    lease.release();
    expect(tenants.has('a')).toBe(false);
    await settle();
    expect(fake.made.get('a')![0]!.closed).toBe(true);
    lease.release(); // a second release changes nothing
    expect(tenants.stats()).toMatchObject({ resident: 1, inUse: 1 });
    b.release();
    expect(tenants.stats()).toMatchObject({ resident: 1, residentBytes: 600, inUse: 0 });
  });

  it('releases the context however the work ends (use)', async () => {
    const tenants = directory(loader().load);
    await expect(
      tenants.use('a', () => {
        throw new Error('route failed');
      }),
    ).rejects.toThrow('route failed');
    expect(tenants.stats().inUse).toBe(0);
    expect(await tenants.use('a', (tenant) => tenant.installation)).toBe('a');
  });

  it('does not cache a failed load: every waiter gets the error, and the next request tries again', async () => {
    const events: string[] = [];
    const fake = loader();
    const tenants = directory(fake.load, { events: { onLoad: (_seconds, outcome) => events.push(outcome) } });
    fake.failures.add('a');
    fake.hold();
    const waiters = [tenants.get('a'), tenants.get('a')];
    await settle();
    fake.release();
    for (const waiter of waiters) await expect(waiter).rejects.toThrow('store unavailable for a');
    expect(fake.calls).toEqual(['a']);
    expect(tenants.has('a')).toBe(false);
    fake.failures.delete('a');
    expect((await tenants.get('a')).installation).toBe('a');
    expect(fake.calls).toEqual(['a', 'a']);
    expect(events).toEqual(['failed', 'loaded']);
    expect(tenants.stats()).toMatchObject({ loads: 2, loadFailures: 1, resident: 1 });
  });

  it('refreshes every resident context in one pass, then applies the budget to what they grew to', async () => {
    const fake = loader(300);
    const tenants = directory(fake.load, { budgetBytes: 1_000, refreshConcurrency: 2 });
    for (const id of ['a', 'b', 'c']) await tenants.get(id);
    fake.made.get('c')![0]!.bytes = 500; // c took in many tickets
    await tenants.refreshAll();
    expect(['a', 'b', 'c'].map((id) => fake.made.get(id)![0]!.refreshes)).toEqual([1, 1, 1]);
    expect(tenants.residents()).toEqual(['b', 'c']);
  });

  it('keeps a context whose refresh fails, and reports the failure', async () => {
    const errors: string[] = [];
    const tenants = directory(loader().load, { events: { onError: (id, stage) => errors.push(`${id}:${stage}`) } });
    const a = await tenants.get('a');
    a.refresh = async () => {
      throw new Error('poll failed');
    };
    await tenants.refreshAll();
    expect(errors).toEqual(['a:refresh']);
    expect(tenants.has('a')).toBe(true);
  });

  it('polls on one timer for all installations', async () => {
    const fake = loader();
    const tenants = directory(fake.load);
    await tenants.get('a');
    await tenants.get('b');
    tenants.startPolling(5);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await tenants.close();
    expect(fake.made.get('a')![0]!.refreshes).toBeGreaterThan(1);
    expect(fake.made.get('b')![0]!.refreshes).toBeGreaterThan(1);
  });

  it('reports loads and evictions to its hooks, and aggregates only in stats', async () => {
    const loads: number[] = [];
    let evictions = 0;
    const tenants = directory(loader(600).load, {
      budgetBytes: 1_000,
      events: { onLoad: (seconds) => loads.push(seconds), onEvict: () => evictions++ },
    });
    await tenants.get('a');
    await tenants.get('b');
    expect(loads).toHaveLength(2);
    expect(loads.every((seconds) => seconds >= 0)).toBe(true);
    expect(evictions).toBe(1);
    expect(Object.keys(tenants.stats()).sort()).toEqual(
      ['budgetBytes', 'evictions', 'inUse', 'loadFailures', 'loads', 'resident', 'residentBytes'].sort(),
    );
  });

  it('evicts an installation on demand (removed), and closes everything on close', async () => {
    const fake = loader();
    const tenants = directory(fake.load);
    await tenants.get('a');
    await tenants.get('b');
    expect(await tenants.evict('a')).toBe(true);
    expect(await tenants.evict('a')).toBe(false);
    expect(fake.made.get('a')![0]!.closed).toBe(true);
    await tenants.close();
    expect(fake.made.get('b')![0]!.closed).toBe(true);
    await expect(tenants.get('c')).rejects.toBeInstanceOf(TenantDirectoryClosedError);
  });

  it('closes a context whose load finishes after the directory closed', async () => {
    const fake = loader();
    const tenants = directory(fake.load);
    fake.hold();
    const pending = tenants.get('a');
    await settle();
    const closing = tenants.close();
    fake.release();
    await expect(pending).rejects.toBeInstanceOf(TenantDirectoryClosedError);
    await closing;
    expect(fake.made.get('a')![0]!.closed).toBe(true);
  });

  it('refuses a negative budget', () => {
    expect(() => directory(loader().load, { budgetBytes: -1 })).toThrow(RangeError);
  });
});

describe('loadInstallations (bench hook)', () => {
  it('creates each installation on demand, times each, and stays within the budget', async () => {
    const fake = loader(100);
    const tenants = directory(fake.load, { budgetBytes: 550 });
    const ids = Array.from({ length: 20 }, (_, index) => `inst_${index}`);
    const report = await loadInstallations(tenants, ids, { concurrency: 4 });
    expect(fake.calls.sort()).toEqual([...ids].sort());
    expect(report.seconds).toHaveLength(20);
    expect(report.stats).toMatchObject({ loads: 20, resident: 5, residentBytes: 500, evictions: 15 });
  });
});
