import { afterEach, describe, expect, it } from 'vitest';
import { ReadyResponse } from '../../src/contract/index.ts';
import {
  GROUP_CACHE_FAILURE_TTL_MS,
  GROUP_CACHE_TTL_MS,
  groupCache,
  ZendeskClient,
} from '../../server/zendesk/index.ts';
import { startFakeZendesk, type FakeGroup, type FakeZendesk } from '../../server/zendesk-local/index.ts';
import { startApp, type RunningApp } from '../support/http.ts';
import { testRuntime } from '../support/test-runtime.ts';

const auth = { email: 'agent@example.com', apiToken: 'tok-123' };
/** The demo taxonomy's groups, but for "Trust & Safety" (missing) and "Developers" (spelled differently: found). */
const ACCOUNT_GROUPS: FakeGroup[] = [
  { id: 1, name: 'Support', default: true },
  { id: 2, name: 'Tier 2 - Incidents' },
  { id: 3, name: 'security' },
  { id: 4, name: 'Legal' },
  { id: 5, name: 'Customer Success' },
  { id: 6, name: 'Billing' },
  { id: 7, name: 'Product' },
  { id: 8, name: ' DEVELOPERS ' },
  { id: 9, name: 'Trust & Safety', deleted: true },
];

let fake: FakeZendesk | null = null;
let server: RunningApp | null = null;
afterEach(async () => {
  await server?.close();
  await fake?.close();
  server = null;
  fake = null;
});

async function readyz(app: RunningApp): Promise<ReadyResponse> {
  const response = await app.call('GET', '/readyz', { authorization: null });
  expect(response.status).toBe(200);
  return ReadyResponse.parse(await response.json());
}

/** The route's view of the default installation's groups, over a real client and cache with the test's clock. */
function accountGroups(url: string, options: { apiToken?: string; now?: () => number } = {}) {
  const client = new ZendeskClient(
    { url: url, auth: { kind: 'api-token', email: auth.email, apiToken: options.apiToken ?? auth.apiToken } },
    { policy: { maxAttempts: 1 } },
  );
  const cache = groupCache({
    load: (_installation, signal) => client.listGroups(signal),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    snapshot: () => cache.snapshot('default'),
    /** Waits for the read a probe started (joins it; never starts one within the failure TTL). */
    settled: () => cache.groups('default').catch(() => null),
  };
}

const groupReads = (zendesk: FakeZendesk) => zendesk.requests.filter((request) => request.route === 'groups').length;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('/readyz: the taxonomy’s routing groups against the Zendesk account', () => {
  it('names a taxonomy group the account does not have (a deleted one counts as none), and stays ready', async () => {
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    const groups = accountGroups(fake.url);
    server = await startApp(testRuntime(), { accountGroups: groups.snapshot });
    // The first probe does not wait: it starts the read and says so.
    expect((await readyz(server)).taxonomy.groups).toEqual({
      checked: false,
      notInAccount: [],
      detail: 'ZENDESK_GROUPS_PENDING',
    });
    await groups.settled();
    const ready = await readyz(server);
    expect(ready.ready).toBe(true);
    expect(ready.taxonomy.groups).toMatchObject({ checked: true, notInAccount: ['Trust & Safety'] });
    expect(ready.taxonomy.groups?.detail).toContain('create the group or fix the name in the taxonomy');
    // Cached: more probes do not ask Zendesk again.
    await readyz(server);
    expect(groupReads(fake)).toBe(1);
  });

  it('reports nothing missing when every group exists', async () => {
    fake = await startFakeZendesk({ auth, groups: [...ACCOUNT_GROUPS, { id: 10, name: 'Trust & Safety' }] });
    const groups = accountGroups(fake.url);
    server = await startApp(testRuntime(), { accountGroups: groups.snapshot });
    await readyz(server);
    await groups.settled();
    expect((await readyz(server)).taxonomy.groups).toEqual({ checked: true, notInAccount: [], detail: null });
  });

  it('says the names were not checked without Zendesk credentials, or when Zendesk refuses the read', async () => {
    server = await startApp(testRuntime());
    const unchecked = (await readyz(server)).taxonomy.groups;
    expect(unchecked).toMatchObject({ checked: false, notInAccount: [] });
    expect(unchecked?.detail).toContain('no Zendesk credentials');
    await server.close();
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    const groups = accountGroups(fake.url, { apiToken: 'wrong-token' });
    server = await startApp(testRuntime(), { accountGroups: groups.snapshot });
    await readyz(server);
    await groups.settled();
    expect((await readyz(server)).taxonomy.groups).toEqual({
      checked: false,
      notInAccount: [],
      detail: 'ZENDESK_HTTP_ERROR',
    });
  });

  it('answers at once while Zendesk hangs, and reads the groups once however often it is probed', async () => {
    const HANG_MS = 3_000;
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    fake.inject('groups', { status: 500, delayMs: HANG_MS, times: 1 });
    const groups = accountGroups(fake.url);
    server = await startApp(testRuntime(), { accountGroups: groups.snapshot });
    const app = server;
    for (let probe = 0; probe < 5; probe++) {
      const { value, ms } = await timed(() => readyz(app));
      // Well under the hang (and Kubernetes' 1 s probe timeout): the probe never waits on Zendesk.
      expect(ms).toBeLessThan(HANG_MS / 6);
      expect(value.ready).toBe(true);
      expect(value.taxonomy.groups).toEqual({ checked: false, notInAccount: [], detail: 'ZENDESK_GROUPS_PENDING' });
    }
    expect(groupReads(fake)).toBe(1);
  });

  it('remembers a failed read for a minute, then reads again and reports the groups as before', async () => {
    let clock = 1_000_000;
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    fake.inject('groups', { status: 500, times: 1 });
    const groups = accountGroups(fake.url, { now: () => clock });
    server = await startApp(testRuntime(), { accountGroups: groups.snapshot });
    await readyz(server);
    await groups.settled();
    const failed = await readyz(server);
    expect(failed.ready).toBe(true);
    expect(failed.taxonomy.groups).toEqual({ checked: false, notInAccount: [], detail: 'ZENDESK_HTTP_ERROR' });
    clock += GROUP_CACHE_FAILURE_TTL_MS - 1;
    await readyz(server);
    await readyz(server);
    expect(groupReads(fake)).toBe(1);
    clock += 1;
    await readyz(server);
    await groups.settled();
    expect(groupReads(fake)).toBe(2);
    expect((await readyz(server)).taxonomy.groups).toMatchObject({ checked: true, notInAccount: ['Trust & Safety'] });
  });

  it('keeps reporting the last good list when a later read fails, and says the read failed', async () => {
    let clock = 1_000_000;
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    const groups = accountGroups(fake.url, { now: () => clock });
    server = await startApp(testRuntime(), { accountGroups: groups.snapshot });
    await readyz(server);
    await groups.settled();
    fake.inject('groups', { status: 500, times: 1 });
    clock += GROUP_CACHE_TTL_MS;
    await readyz(server);
    await groups.settled();
    const stale = (await readyz(server)).taxonomy.groups;
    expect(stale).toMatchObject({ checked: true, notInAccount: ['Trust & Safety'] });
    expect(stale?.detail).toContain('create the group or fix the name in the taxonomy');
    expect(stale?.detail).toContain('ZENDESK_HTTP_ERROR: the last read failed');
    expect(groupReads(fake)).toBe(2);
  });
});
