import { afterEach, describe, expect, it } from 'vitest';
import { startFakeZendesk, type FakeGroup, type FakeZendesk } from '../../server/zendesk-local/index.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const auth = { email: 'admin@example.com', apiToken: 'token-0123456789' };
/** Every group config/taxonomy.yaml names, spelled as an admin might (case, spacing, dash). */
const ALL: FakeGroup[] = [
  { id: 1, name: 'Support', default: true },
  { id: 2, name: 'Tier 2 - Incidents' },
  { id: 3, name: 'Security' },
  { id: 4, name: 'trust & safety' },
  { id: 5, name: 'Legal' },
  { id: 6, name: 'Customer  Success' },
  { id: 7, name: 'Billing' },
  { id: 8, name: 'Product' },
  { id: 9, name: 'Developers' },
];

let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

// Undefined drops a variable the test process may have, so only what a case sets is configured.
const checkEnv = (env: Record<string, string | undefined>) => ({
  ZENDESK_URL: undefined,
  ZENDESK_EMAIL: undefined,
  ZENDESK_API_TOKEN: undefined,
  ZENDESK_OAUTH_TOKEN: undefined,
  ...env,
});
const check = (env: Record<string, string | undefined>) =>
  runCli(['taxonomy', 'check', 'config/taxonomy.yaml'], { env: checkEnv(env) });
/** The same, through the same `main` in this process: no process start. */
const checkHere = (env: Record<string, string | undefined>) =>
  runCliInProcess(['taxonomy', 'check', 'config/taxonomy.yaml'], { env: checkEnv(env) });

const zendeskEnv = (url: string) => ({ ZENDESK_URL: url, ZENDESK_EMAIL: auth.email, ZENDESK_API_TOKEN: auth.apiToken });

describe('triage taxonomy check against the Zendesk account', () => {
  it('fails with exit ≠ 0, naming each missing group and the labels that use it', async () => {
    fake = await startFakeZendesk({
      auth,
      groups: ALL.filter((group) => group.name !== 'Developers' && group.name !== 'Security'),
    });
    const run = await check(zendeskEnv(fake.url));
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/11 labels/);
    expect(run.stderr).toContain(`triage: config/taxonomy.yaml: 2 groups not found in ${fake.url}`);
    expect(run.stderr).toContain('"Security" (security): no such group in the account');
    expect(run.stderr).toContain('"Developers" (integrations): no such group in the account');
    expect(run.stderr).not.toMatch(/Billing|Tier 2/);
    expect(fake.requests.some((request) => request.route === 'groups' && request.authorized)).toBe(true);
  });

  it('passes when every group exists, however the account spells it', async () => {
    fake = await startFakeZendesk({ auth, groups: ALL });
    const run = await checkHere(zendeskEnv(fake.url));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`config/taxonomy.yaml: all 8 groups exist in ${fake.url}`);
  });

  it('says why when Zendesk refuses the credentials', async () => {
    fake = await startFakeZendesk({ auth, groups: ALL });
    const run = await checkHere({ ...zendeskEnv(fake.url), ZENDESK_API_TOKEN: 'wrong-token-000' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`cannot check the groups against ${fake.url}`);
    expect(run.stderr).not.toContain('wrong-token-000');
  });

  it('checks the file alone without Zendesk settings, and says the groups were not checked', async () => {
    const run = await checkHere({});
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/9 labels name a group; not checked against a Zendesk account/);
  });
});
