import { afterEach, describe, expect, it } from 'vitest';
import { ReadyResponse } from '../../src/contract/index.ts';
import { groupCache, ZendeskClient } from '../../server/zendesk/index.ts';
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

function accountGroups(url: string, apiToken = auth.apiToken) {
  const client = new ZendeskClient(
    { baseUrl: url, auth: { kind: 'api-token', email: auth.email, apiToken } },
    { policy: { maxAttempts: 1 } },
  );
  const cache = groupCache({ load: (_installation, signal) => client.listGroups(signal) });
  return () => cache.groups('default');
}

describe('/readyz: the taxonomy’s routing groups against the Zendesk account', () => {
  it('names a taxonomy group the account does not have (a deleted one counts as none), and stays ready', async () => {
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    server = await startApp(testRuntime(), { accountGroups: accountGroups(fake.url) });
    const ready = await readyz(server);
    expect(ready.ready).toBe(true);
    expect(ready.taxonomy.groups).toMatchObject({ checked: true, notInAccount: ['Trust & Safety'] });
    expect(ready.taxonomy.groups?.detail).toContain('create the group or fix the name in the taxonomy');
    // Cached: a second probe does not ask Zendesk again.
    await readyz(server);
    expect(fake.requests.filter((request) => request.route === 'groups')).toHaveLength(1);
  });

  it('reports nothing missing when every group exists', async () => {
    fake = await startFakeZendesk({ auth, groups: [...ACCOUNT_GROUPS, { id: 10, name: 'Trust & Safety' }] });
    server = await startApp(testRuntime(), { accountGroups: accountGroups(fake.url) });
    expect((await readyz(server)).taxonomy.groups).toEqual({ checked: true, notInAccount: [], detail: null });
  });

  it('says the names were not checked without Zendesk credentials, or when Zendesk refuses the read', async () => {
    server = await startApp(testRuntime());
    const unchecked = (await readyz(server)).taxonomy.groups;
    expect(unchecked).toMatchObject({ checked: false, notInAccount: [] });
    expect(unchecked?.detail).toContain('no Zendesk credentials');
    await server.close();
    fake = await startFakeZendesk({ auth, groups: ACCOUNT_GROUPS });
    server = await startApp(testRuntime(), { accountGroups: accountGroups(fake.url, 'wrong-token') });
    expect((await readyz(server)).taxonomy.groups).toEqual({
      checked: false,
      notInAccount: [],
      detail: 'ZENDESK_HTTP_ERROR',
    });
  });
});
