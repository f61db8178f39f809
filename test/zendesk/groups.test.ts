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
    { baseUrl: url, auth: { kind: 'api-token', ...auth } },
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
    const wrong = new ZendeskClient({ baseUrl: fake.url, auth: { kind: 'oauth', accessToken: 'nope' } });
    await expect(wrong.listGroups()).rejects.toBeInstanceOf(ZendeskApiError);
  });
});

describe('groupCache', () => {
  const groups: AccountGroup[] = [{ id: 1, name: 'Support', default: true }];

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

  it('does not keep a failed read: the next call asks again', async () => {
    let fail = true;
    const cache = groupCache({
      load: async () => {
        if (fail) throw new Error('zendesk down');
        return groups;
      },
    });
    await expect(cache.groups('default')).rejects.toThrow('zendesk down');
    fail = false;
    expect(await cache.groups('default')).toEqual(groups);
  });
});
