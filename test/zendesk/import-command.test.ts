import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ZendeskConnectionView } from '../../src/contract/index.ts';
import { loadMasterKey } from '../../server/config/index.ts';
import { InstallationRegistry, sealerFromConfig } from '../../server/installations/index.ts';
import { createStore } from '../../server/storage/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const auth = { email: 'admin@example.com', apiToken: 'secret-api-token' };
const folders: Array<{ remove(): void }> = [];
let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});
afterAll(() => folders.forEach((folder) => folder.remove()));

const zendeskEnv = (url: string) => ({
  ZENDESK_URL: url,
  ZENDESK_EMAIL: auth.email,
  ZENDESK_API_TOKEN: auth.apiToken,
  TRIAGE_ZENDESK_LABEL_TAG_PREFIX: 'ta_',
});

describe('triage import --from-zendesk', { timeout: 120_000 }, () => {
  it('imports the history into the embedded database with progress and a summary, and a re-run continues', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    fake = await startFakeZendesk({
      auth,
      pageSize: 2,
      tickets: [
        { tags: ['ta_billing'], description: 'Call me on jane.doe@example.com' },
        { tags: ['ta_bug'] },
        { status: 'deleted' },
        {},
        { tags: ['ta_billing'] },
      ],
    });
    fake.inject('export', { status: 503, afterCalls: 1 });

    const run = await runCli(['import', '--from-zendesk', '--data-dir', folder.dir], { env: zendeskEnv(fake.url) });
    expect(run.stderr).toContain('import: page 3');
    expect(run.stderr).toContain('retrying');
    expect(run.stderr).toContain('import: done: 5 read; labelled: billing 2, bug 1; unlabelled 1; skipped: deleted 1');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ resumed: false, pages: 3, read: 5, inserted: 4, complete: true });
    expect(`${run.stdout}${run.stderr}`).not.toContain('jane.doe@example.com');
    expect(`${run.stdout}${run.stderr}`).not.toContain(auth.apiToken);

    const again = await runCliInProcess(['import', '--from-zendesk', '--data-dir', folder.dir], {
      env: zendeskEnv(fake.url),
    });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ resumed: true, pages: 1, read: 0, complete: true });

    const store = await createStore({ dataDir: folder.dir });
    try {
      expect(await store.countTickets()).toBe(4);
      expect(await store.getTicket('1')).toMatchObject({ label: 'billing' });
      expect((await store.getTicket('1'))!.text).not.toContain('jane.doe@example.com');
    } finally {
      await store.close();
    }
  });

  it('says what is missing without ZENDESK_* settings, and refuses --data with --from-zendesk', async () => {
    const noSettings = await runCliInProcess(['import', '--from-zendesk', '--data-dir', '/nonexistent'], {
      env: { ZENDESK_URL: '', ZENDESK_EMAIL: '', ZENDESK_API_TOKEN: '', ZENDESK_OAUTH_TOKEN: '' },
    });
    expect(noSettings.code).toBe(2);
    expect(noSettings.stderr).toContain('ZENDESK_URL');
    const both = await runCliInProcess(['import', '--from-zendesk', '--data', 'x.jsonl']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give one source');
  });

  it('stops with exit 2 and the status when Zendesk refuses the credentials, naming no token', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    fake = await startFakeZendesk({ auth, tickets: [{}] });
    const run = await runCliInProcess(['import', '--from-zendesk', '--data-dir', folder.dir], {
      env: { ...zendeskEnv(fake.url), ZENDESK_API_TOKEN: 'wrong-token-123' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('401');
    expect(run.stderr).not.toContain('wrong-token-123');
  });
});

describe('triage installations zendesk, then import --from-zendesk --installation', { timeout: 240_000 }, () => {
  it("sets a registered installation's connection with the token on stdin, and imports its history into it", async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    const dataDir = folder.dir;
    // No ZENDESK_*: the installation's own connection is the one used.
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      TRIAGE_MASTER_KEY: '',
      TRIAGE_SHARED_SECRET: '',
      ZENDESK_URL: '',
      ZENDESK_EMAIL: '',
      ZENDESK_API_TOKEN: '',
      ZENDESK_OAUTH_TOKEN: '',
    };
    fake = await startFakeZendesk({ auth, pageSize: 2, tickets: [{ tags: ['billing'] }, { tags: ['bug'] }, {}] });
    expect((await runCliInProcess(['installations', 'add', 'acme'], { env })).code).toBe(0);

    const unset = await runCliInProcess(['import', '--from-zendesk', '--installation', 'acme'], { env });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('triage installations zendesk acme');

    const set = await runCli(
      [
        'installations',
        'zendesk',
        'acme',
        '--url',
        fake.url,
        '--email',
        auth.email,
        '--api-token',
        '--write-back',
        'off',
      ],
      { env, stdin: `${auth.apiToken}\n` },
    );
    expect(set.stderr).toContain('acme connects to');
    expect(set.code).toBe(0);
    expect(`${set.stdout}${set.stderr}`).not.toContain(auth.apiToken);
    expect(ZendeskConnectionView.parse(JSON.parse(set.stdout))).toMatchObject({
      connected: true,
      url: fake.url,
      auth: 'api-token',
      email: auth.email,
      writeBack: false,
    });

    const signing = 'zendesk-webhook-signing-secret-0123';
    const secret = await runCli(['installations', 'webhook-secret', 'acme'], { env, stdin: `${signing}\n` });
    expect(secret.code).toBe(0);
    expect(`${secret.stdout}${secret.stderr}`).not.toContain(signing);

    const imported = await runCliInProcess(['import', '--from-zendesk', '--installation', 'acme'], { env });
    expect(imported.stderr).toContain('import: done: 3 read; labelled: billing 1, bug 1; unlabelled 1');
    expect(imported.code).toBe(0);
    expect(fake.requests.every((request) => request.authorized)).toBe(true);

    const store = await createStore({ dataDir });
    try {
      const { id } = await new InstallationRegistry(store, { sealer: null, defaultSecret: null }).get('acme');
      const sealed = await store.getInstallation(id);
      expect(JSON.stringify(sealed)).not.toContain(signing);
      expect(JSON.stringify(sealed)).not.toContain(auth.apiToken);
      // Opened with the data folder's master key, as the server does: the secret the webhook signs with.
      const sealer = sealerFromConfig(loadMasterKey({ dataDir, embedded: true, env: {}, envFile: null }));
      const registry = new InstallationRegistry(store, { sealer, defaultSecret: null });
      expect(await registry.webhookSecret('acme')).toEqual({ id, secret: signing });
      expect(await store.forInstallation(id).countTickets()).toBe(3);
      expect(await store.countTickets()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('refuses half a connection before reading stdin or opening the database', async () => {
    const run = await runCli(['installations', 'zendesk', 'acme', '--api-token', '--email', 'a@b.c'], {
      env: { DATA_DIR: '/nonexistent' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url is required');
  });
});
