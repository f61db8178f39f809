import { afterEach, describe, expect, it } from 'vitest';
import { groupCache, ZendeskApiError, ZendeskClient } from '../../server/zendesk/index.ts';
import type { AccountGroup } from '../../src/routing/index.ts';
import { startFakeZendesk, type FakeGroup, type FakeZendesk } from '../../server/zendesk-local/index.ts';

const auth = { email: 'agent@example.com', apiToken: 'tok-123' };
let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const clientOf = (url: string) =>
  new ZendeskClient(
    { url: url, auth: { kind: 'api-token', ...auth } },
    { policy: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 5_000 } },
  );

const many = (count: number): FakeGroup[] =>
  Array.from({ length: count }, (_, index) => ({ id: 1000 + index, name: `Group ${index}`, default: index === 0 }));

describe('ZendeskClient.listGroups against the local Zendesk', () => {
  it('follows cursor pages (page[size]=100, links.next while meta.has_more) and keeps the default and deleted flags', async () => {
    fake = await startFakeZendesk({ auth, groups: [...many(230), { id: 9, name: 'Old team', deleted: true }] });
    const groups = await clientOf(fake.url).listGroups();
    expect(groups).toHaveLength(231);
    expect(groups[0]).toMatchObject({ id: 1000, name: 'Group 0', default: true, deleted: false });
    expect(groups.at(-1)).toMatchObject({ id: 9, deleted: true });
    const calls = fake.requests.filter((request) => request.route === 'groups');
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.authorized)).toBe(true);
    expect(decodeURIComponent(calls[0]!.url)).toBe('/api/v2/groups.json?page[size]=100');
    expect(decodeURIComponent(calls[1]!.url)).toMatch(/page\[after\]=/);
  });

  it('retries a 429 on the groups list like every other call, and types a refusal', async () => {
    fake = await startFakeZendesk({ auth, groups: many(2) });
    fake.inject('groups', { status: 429, retryAfterSeconds: 0 });
    expect(await clientOf(fake.url).listGroups()).toHaveLength(2);
    const wrong = new ZendeskClient({ url: fake.url, auth: { kind: 'oauth', accessToken: 'nope' } });
    await expect(wrong.listGroups()).rejects.toBeInstanceOf(ZendeskApiError);
  });
});

describe('groupCache', () => {
  const groups: AccountGroup[] = [{ id: 1, name: 'Support', default: true }];

  /** A cache on a settable clock whose reads fail while `fail` is set; `loads` counts the reads. */
  function flakyCache(options: { ttlMs?: number; failureTtlMs: number; fail: boolean }) {
    const state = { clock: 0, fail: options.fail, loads: 0 };
    const cache = groupCache({
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      failureTtlMs: options.failureTtlMs,
      now: () => state.clock,
      load: async () => {
        state.loads++;
        if (state.fail) throw new Error('zendesk down');
        return groups;
      },
    });
    return { cache, state };
  }

  it('reads an installation once per TTL, shares a read in flight, and keeps installations apart', async () => {
    let clock = 0;
    const loads: string[] = [];
    const cache = groupCache({
      ttlMs: 1_000,
      now: () => clock,
      load: async (installation) => {
        loads.push(installation);
        return installation === 'acme' ? [{ id: 7, name: 'Acme' }] : groups;
      },
    });
    const [first, second] = await Promise.all([cache.groups('default'), cache.groups('default')]);
    expect(first).toEqual(groups);
    expect(second).toBe(first);
    expect(await cache.groups('acme')).toEqual([{ id: 7, name: 'Acme' }]);
    clock = 999;
    await cache.groups('default');
    expect(loads).toEqual(['default', 'acme']);
    clock = 1_000;
    await cache.groups('default');
    expect(loads).toEqual(['default', 'acme', 'default']);
    cache.invalidate('acme');
    await cache.groups('acme');
    expect(loads).toHaveLength(4);
  });

  it('remembers a failed read for the failure TTL, then asks again', async () => {
    const { cache, state } = flakyCache({ failureTtlMs: 60_000, fail: true });
    await expect(cache.groups('default')).rejects.toThrow('zendesk down');
    state.fail = false;
    state.clock = 59_999;
    await expect(cache.groups('default')).rejects.toThrow('zendesk down');
    expect(state.loads).toBe(1);
    state.clock = 60_000;
    expect(await cache.groups('default')).toEqual(groups);
    expect(state.loads).toBe(2);
  });

  it('keeps the last good list when a refresh fails (stale-while-error), and says the read failed', async () => {
    const { cache, state } = flakyCache({ ttlMs: 1_000, failureTtlMs: 500, fail: false });
    const good = await cache.groups('default');
    state.fail = true;
    state.clock = 1_000;
    expect(await cache.groups('default')).toBe(good);
    expect(state.loads).toBe(2);
    expect(cache.snapshot('default')).toMatchObject({ groups: good, readAt: 0, reading: false });
    expect(String(cache.snapshot('default').error)).toContain('zendesk down');
    // Within the failure TTL nobody asks again; after it, the next good read clears the failure.
    state.clock = 1_499;
    expect(await cache.groups('default')).toBe(good);
    expect(state.loads).toBe(2);
    state.fail = false;
    state.clock = 1_500;
    await cache.groups('default');
    expect(state.loads).toBe(3);
    expect(cache.snapshot('default')).toMatchObject({ readAt: 1_500, error: null });
  });

  it('snapshot never waits: it starts one background read when the list is missing or stale', async () => {
    let clock = 0;
    const pending: Array<(value: readonly AccountGroup[]) => void> = [];
    const cache = groupCache({
      ttlMs: 1_000,
      now: () => clock,
      load: () => new Promise((resolve) => pending.push(resolve)),
    });
    expect(cache.snapshot('default')).toEqual({ groups: null, readAt: null, error: null, reading: true });
    cache.snapshot('default');
    expect(pending).toHaveLength(1);
    pending[0]!(groups);
    await cache.groups('default');
    expect(cache.snapshot('default')).toEqual({ groups, readAt: 0, error: null, reading: false });
    expect(pending).toHaveLength(1);
    clock = 1_000;
    // Stale: the old list is reported while the one read goes on.
    expect(cache.snapshot('default')).toEqual({ groups, readAt: 0, error: null, reading: true });
    cache.snapshot('default');
    expect(pending).toHaveLength(2);
  });

  it('snapshot reports a failed first read and does not retry it within the failure TTL', async () => {
    const { cache, state } = flakyCache({ failureTtlMs: 60_000, fail: true });
    cache.snapshot('default');
    await cache.groups('default').catch(() => null);
    for (let probe = 0; probe < 3; probe++) {
      const known = cache.snapshot('default');
      expect(known).toMatchObject({ groups: null, reading: false });
      expect(String(known.error)).toContain('zendesk down');
    }
    expect(state.loads).toBe(1);
    state.clock = 60_000;
    expect(cache.snapshot('default').reading).toBe(true);
    expect(state.loads).toBe(2);
  });

  it('invalidate forgets the list and the failure, and a read begun before it does not fill the cache', async () => {
    const pending: Array<(value: readonly AccountGroup[]) => void> = [];
    const cache = groupCache({ load: () => new Promise((resolve) => pending.push(resolve)) });
    const before = cache.groups('acme');
    cache.invalidate('acme');
    pending[0]!([{ id: 1, name: 'Old account' }]);
    await before;
    expect(cache.snapshot('acme')).toMatchObject({ groups: null, reading: true });
    pending[1]!([{ id: 2, name: 'New account' }]);
    expect(await cache.groups('acme')).toEqual([{ id: 2, name: 'New account' }]);
  });

  it('does not remember the failure of a read its caller gave up on', async () => {
    let loads = 0;
    const cache = groupCache({
      load: async (_installation, signal) => {
        loads++;
        if (signal?.aborted) throw signal.reason;
        return groups;
      },
    });
    const controller = new AbortController();
    controller.abort();
    await expect(cache.groups('default', controller.signal)).rejects.toBeDefined();
    expect(await cache.groups('default')).toEqual(groups);
    expect(loads).toBe(2);
  });
});
