import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadMasterKey } from '../../server/config/index.ts';
import { InstallationRegistry, sealerFromConfig } from '../../server/installations/index.ts';
import { createStore } from '../../server/storage/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const auth = { email: 'admin@example.com', apiToken: 'secret-api-token' };
const folders: string[] = [];
let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

const noZendesk = { ZENDESK_URL: '', ZENDESK_EMAIL: '', ZENDESK_API_TOKEN: '', ZENDESK_OAUTH_TOKEN: '' };

describe('triage webhook: the backend connects the account’s webhook itself', { timeout: 240_000 }, () => {
  it('for the default installation: creates it through ZENDESK_* and prints its secret once for TRIAGE_WEBHOOK_SECRET', async () => {
    fake = await startFakeZendesk({ auth });
    const env = { ZENDESK_URL: fake.url, ZENDESK_EMAIL: auth.email, ZENDESK_API_TOKEN: auth.apiToken };
    const run = await runCli(['webhook', '--backend-url', 'http://127.0.0.1:3000/'], { env });
    expect(run.stderr).toContain('set TRIAGE_WEBHOOK_SECRET');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { webhookId: string; endpoint: string; signingSecret: string };
    const webhook = fake.webhooks.get(printed.webhookId)!;
    expect(printed).toMatchObject({ endpoint: 'http://127.0.0.1:3000/v1/webhooks/zendesk', created: true });
    expect(printed.signingSecret).toBe(webhook.signingSecret);
    expect(webhook).toMatchObject({ status: 'active', endpoint: printed.endpoint });
    expect(`${run.stdout}${run.stderr}`).not.toContain(auth.apiToken);
  });

  it('refuses a backend address Zendesk could not deliver to safely, and says what is missing', async () => {
    const plain = await runCliInProcess(['webhook', '--backend-url', 'http://triage.example.com'], { env: noZendesk });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('must be https');
    const unset = await runCliInProcess(['webhook', '--backend-url', 'https://triage.example.com'], { env: noZendesk });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('ZENDESK_URL');
  });

  it('for a registered installation: points it at /v1/webhooks/zendesk/SUBDOMAIN and seals its secret, printing none', async () => {
    const dataDir = (await freshPgliteDir()).dir;
    folders.push(dataDir);
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', TRIAGE_MASTER_KEY: '', TRIAGE_SHARED_SECRET: '', ...noZendesk };
    fake = await startFakeZendesk({ auth });
    expect((await runCliInProcess(['installations', 'add', 'acme'], { env })).code).toBe(0);
    const set = await runCli(
      ['installations', 'zendesk', 'acme', '--url', fake.url, '--email', auth.email, '--api-token'],
      { env, stdin: `${auth.apiToken}\n` },
    );
    expect(set.code).toBe(0);

    const run = await runCliInProcess(
      ['webhook', '--backend-url', 'https://triage.example.com/', '--installation', 'acme'],
      {
        env,
      },
    );
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { webhookId: string; signingSecret: string };
    expect(printed).toMatchObject({
      endpoint: 'https://triage.example.com/v1/webhooks/zendesk/acme',
      signingSecret: 'stored',
    });
    const secret = fake.webhooks.get(printed.webhookId)!.signingSecret;
    expect(`${run.stdout}${run.stderr}`).not.toContain(secret);

    const store = await createStore({ dataDir });
    try {
      const sealer = sealerFromConfig(loadMasterKey({ dataDir, embedded: true, env: {}, envFile: null }));
      const registry = new InstallationRegistry(store, { sealer, defaultSecret: null });
      expect((await registry.webhookSecret('acme')).secret).toBe(secret);
    } finally {
      await store.close();
    }
  });
});
