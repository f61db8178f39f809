import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ErrorBody,
  InstallationCreated,
  InstallationList,
  InstallationRemoved,
  InstallationRotated,
  WebhookConnected,
  WebhookSecretSet,
} from '../../src/contract/index.ts';
import { signInstallationToken } from '../../server/auth/index.ts';
import { createLogger } from '../../server/http/index.ts';
import {
  RegistryKeyring,
  Sealer,
  startInstallations,
  type InstallationRegistry,
} from '../../server/installations/index.ts';
import { startFakeZendesk } from '../../server/zendesk-local/index.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { scopedTestRuntimes, testRuntime } from '../support/test-runtime.ts';

const lines: string[] = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});
const purged: string[] = [];
const purge = vi.fn(async (id: string) => {
  purged.push(id);
  return { tickets: 2, feedback: 1 };
});

let server: RunningApp;
let registry: InstallationRegistry;
let keyring: RegistryKeyring;
beforeAll(async () => {
  const runtime = testRuntime();
  ({ registry, keyring } = await startInstallations(runtime.store, {
    sealer: new Sealer(Buffer.alloc(32, 3)),
    defaultSecret: SHARED_SECRET,
    syncIntervalMs: 60_000,
  }));
  server = await startApp(runtime, {
    installations: { registry, keyring, purge },
    runtimeFor: scopedTestRuntimes(runtime),
    logger: createLogger({ level: 'trace', destination }),
  });
});
afterAll(async () => {
  keyring.stop();
  await server.close();
});

const admin = `Bearer ${ADMIN_TOKEN}`;
const adminCall = (method: string, path: string, body?: unknown) =>
  server.call(method, path, { authorization: admin, ...(body === undefined ? {} : { body }) });
const bearer = async (secret: string, iss: string) =>
  `Bearer ${await signInstallationToken(secret, { installation: iss })}`;
/** A route every installation may call; the status says whether the token was accepted. */
const statusWith = async (secret: string, iss: string) =>
  (await server.call('GET', '/v1/taxonomy', { authorization: await bearer(secret, iss) })).status;

async function add(subdomain: string): Promise<InstallationCreated> {
  const response = await adminCall('POST', '/v1/admin/installations', { subdomain });
  expect(response.status).toBe(201);
  return InstallationCreated.parse(await response.json());
}

async function errorOf(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  return ErrorBody.parse(await response.json()).error.code;
}

describe('installations over HTTP', () => {
  it('serves two registered installations, each with its own secret, and refuses cross-signed tokens', async () => {
    const acme = await add('acme');
    const beta = await add('beta.zendesk.com');
    expect(beta.subdomain).toBe('beta');
    expect(await statusWith(acme.sharedSecret, 'acme')).toBe(200);
    expect(await statusWith(acme.sharedSecret, 'https://acme.zendesk.com')).toBe(200);
    expect(await statusWith(beta.sharedSecret, 'beta.zendesk.com')).toBe(200);
    // A's secret claiming B, and B's claiming A.
    expect(await statusWith(acme.sharedSecret, 'beta')).toBe(401);
    expect(await statusWith(beta.sharedSecret, 'acme')).toBe(401);
    // The default secret cannot speak for a registered installation, nor a registered secret for the default one.
    expect(await statusWith(SHARED_SECRET, 'acme')).toBe(401);
    expect(await statusWith(acme.sharedSecret, 'local')).toBe(401);
    // An issuer nobody registered, signed with a registered secret: 401.
    expect(await statusWith(acme.sharedSecret, 'gamma')).toBe(401);
  });

  it("keeps accepting today's default tokens (no registered iss, the default secret)", async () => {
    expect((await server.call('GET', '/v1/taxonomy')).status).toBe(200);
    expect(await statusWith(SHARED_SECRET, 'preview')).toBe(200);
  });

  it('rate-limits by the verified installation, not the claimed one', async () => {
    const other = testRuntime();
    const limited = await startApp(other, {
      installations: { registry, keyring, purge },
      runtimeFor: scopedTestRuntimes(other),
      rateLimit: { perSecond: 0.001, burst: 1 },
    });
    try {
      const acme = await registry.get('acme');
      const key = (await registry.keys()).keys.find((entry) => entry.id === acme.id)!;
      const call = async (secret: string, iss: string) =>
        (await limited.call('GET', '/v1/taxonomy', { authorization: await bearer(secret, iss) })).status;
      expect(await call(key.sharedSecret, 'acme')).toBe(200);
      expect(await call(key.sharedSecret, 'acme.zendesk.com')).toBe(429);
      // The default installation has a bucket of its own, whatever iss its tokens carry.
      expect(await call(SHARED_SECRET, 'one')).toBe(200);
      expect(await call(SHARED_SECRET, 'two')).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('sets and clears a webhook signing secret, never echoing it; the default installation’s is the environment’s', async () => {
    const created = await add('hooked');
    const secret = 'zendesk-webhook-signing-secret-x1';
    const set = await adminCall('PUT', '/v1/admin/installations/hooked/webhook-secret', { webhookSecret: secret });
    expect(set.status).toBe(200);
    const text = await set.text();
    expect(text).not.toContain(secret);
    expect(WebhookSecretSet.parse(JSON.parse(text))).toEqual({ subdomain: 'hooked', webhookSecret: 'set' });
    expect(await registry.webhookSecret('hooked')).toEqual({ id: created.id, secret });
    const cleared = await adminCall('PUT', '/v1/admin/installations/hooked/webhook-secret', { webhookSecret: null });
    expect(WebhookSecretSet.parse(await cleared.json()).webhookSecret).toBe('cleared');
    expect(
      await errorOf(
        await adminCall('PUT', '/v1/admin/installations/hooked/webhook-secret', { webhookSecret: 'short' }),
        400,
      ),
    ).toBe('VALIDATION_FAILED');
    expect(
      await errorOf(
        await adminCall('PUT', '/v1/admin/installations/nobody/webhook-secret', { webhookSecret: secret }),
        404,
      ),
    ).toBe('INSTALLATION_NOT_FOUND');
    expect(
      await errorOf(
        await adminCall('PUT', '/v1/admin/installations/default/webhook-secret', { webhookSecret: secret }),
        409,
      ),
    ).toBe('DEFAULT_INSTALLATION');
    expect(lines.join('')).not.toContain(secret);
  });

  it('connects the account’s webhook through Zendesk’s API and seals its secret, answering none', async () => {
    const zendeskAuth = { email: 'admin@hooked.example', apiToken: 'zendesk-api-token-1' };
    const zendesk = await startFakeZendesk({ auth: zendeskAuth });
    try {
      const created = await add('connected');
      const missing = await adminCall('POST', '/v1/admin/installations/connected/webhook', {
        backendUrl: 'https://triage.example.com',
      });
      expect(await errorOf(missing, 409)).toBe('ZENDESK_NOT_CONFIGURED');
      await registry.setZendesk('connected', {
        connection: { url: zendesk.url, auth: { kind: 'api-token', ...zendeskAuth } },
      });
      expect(
        await errorOf(
          await adminCall('POST', '/v1/admin/installations/connected/webhook', {
            backendUrl: 'http://triage.example.com',
          }),
          400,
        ),
      ).toBe('INVALID_BACKEND_URL');
      expect(zendesk.webhooks.size).toBe(0);

      const response = await adminCall('POST', '/v1/admin/installations/connected/webhook', {
        backendUrl: 'https://triage.example.com/',
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      const answered = WebhookConnected.parse(JSON.parse(text));
      expect(answered).toMatchObject({
        subdomain: 'connected',
        endpoint: 'https://triage.example.com/v1/webhooks/zendesk/connected',
        created: true,
        webhookSecret: 'set',
      });
      const secret = zendesk.webhooks.get(answered.webhookId)!.signingSecret;
      expect(text).not.toContain(secret);
      expect(await registry.webhookSecret('connected')).toEqual({ id: created.id, secret });
      expect(lines.join('')).not.toContain(secret);
    } finally {
      await zendesk.close();
    }
  });

  it('rotates a secret: the new one works at once, the old one during the grace period', async () => {
    const created = await add('rotating');
    const response = await adminCall('POST', '/v1/admin/installations/rotating/rotate');
    expect(response.status).toBe(200);
    const rotated = InstallationRotated.parse(await response.json());
    expect(Date.parse(rotated.previousValidUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(await statusWith(rotated.sharedSecret, 'rotating')).toBe(200);
    expect(await statusWith(created.sharedSecret, 'rotating')).toBe(200);
    // A second rotation ends the first one's grace: only the latest previous secret is kept.
    const again = InstallationRotated.parse(
      await (await adminCall('POST', '/v1/admin/installations/rotating/rotate')).json(),
    );
    expect(await statusWith(created.sharedSecret, 'rotating')).toBe(401);
    expect(await statusWith(rotated.sharedSecret, 'rotating')).toBe(200);
    expect(await statusWith(again.sharedSecret, 'rotating')).toBe(200);
  });

  it('lists installations without secrets and shows one', async () => {
    const created = await add('listed');
    const response = await adminCall('GET', '/v1/admin/installations');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(created.sharedSecret);
    const { installations } = InstallationList.parse(JSON.parse(text));
    expect(installations[0]).toMatchObject({ id: 'default', default: true, subdomain: null });
    expect(installations.find((entry) => entry.subdomain === 'listed')?.id).toBe(created.id);
    const one = await adminCall('GET', '/v1/admin/installations/listed.zendesk.com');
    expect(await one.json()).toMatchObject({ id: created.id, subdomain: 'listed', default: false });
  });

  it('removes an installation: its data is purged with counts, and its tokens stop at once', async () => {
    const created = await add('leaving');
    expect(await statusWith(created.sharedSecret, 'leaving')).toBe(200);
    const response = await adminCall('DELETE', '/v1/admin/installations/leaving');
    expect(response.status).toBe(200);
    const removed = InstallationRemoved.parse(await response.json());
    expect(removed).toEqual({ id: created.id, subdomain: 'leaving', deleted: { tickets: 4, feedback: 2 } });
    expect(purged.filter((id) => id === created.id)).toHaveLength(2);
    expect(await statusWith(created.sharedSecret, 'leaving')).toBe(401);
    expect(await errorOf(await adminCall('GET', '/v1/admin/installations/leaving'), 404)).toBe(
      'INSTALLATION_NOT_FOUND',
    );
  });

  it('answers the documented error codes', async () => {
    await add('twice');
    expect(await errorOf(await adminCall('POST', '/v1/admin/installations', { subdomain: 'twice' }), 409)).toBe(
      'INSTALLATION_EXISTS',
    );
    for (const body of [
      { subdomain: 'not a subdomain' },
      { subdomain: 'ok', sharedSecret: 'short' },
      {},
      { subdomain: 'x', extra: 1 },
    ])
      expect(await errorOf(await adminCall('POST', '/v1/admin/installations', body), 400)).toBe('VALIDATION_FAILED');
    expect(await errorOf(await adminCall('POST', '/v1/admin/installations/nobody/rotate'), 404)).toBe(
      'INSTALLATION_NOT_FOUND',
    );
    expect(await errorOf(await adminCall('DELETE', '/v1/admin/installations/nobody'), 404)).toBe(
      'INSTALLATION_NOT_FOUND',
    );
    expect(await errorOf(await adminCall('DELETE', '/v1/admin/installations/default'), 409)).toBe(
      'DEFAULT_INSTALLATION',
    );
    expect(await errorOf(await adminCall('POST', '/v1/admin/installations/default/rotate'), 409)).toBe(
      'DEFAULT_INSTALLATION',
    );
    // Admin routes: an installation's token is not the admin token.
    const created = await add('not-admin');
    const asInstallation = await server.call('GET', '/v1/admin/installations', {
      authorization: await bearer(created.sharedSecret, 'not-admin'),
    });
    expect(await errorOf(asInstallation, 403)).toBe('FORBIDDEN');
  });

  it('logs each request with the installation its token verified as, not the one it claimed', async () => {
    const created = await add('logs-by-installation');
    const before = lines.length;
    expect(await statusWith(created.sharedSecret, 'logs-by-installation')).toBe(200);
    // The default secret, whatever iss it claims, is the default installation's.
    expect(await statusWith(SHARED_SECRET, 'logs-by-installation-claimed')).toBe(200);
    const completed = lines
      .slice(before)
      .map((line) => JSON.parse(line) as { msg?: string; installation?: string })
      .filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => line.installation)).toEqual([created.id, 'default']);
  });

  it('logs no secret when installations are added or rotated', async () => {
    const given = 'Okapi-Nightjar-given-secret-0123456789';
    const response = await adminCall('POST', '/v1/admin/installations', { subdomain: 'logged', sharedSecret: given });
    expect(response.status).toBe(201);
    const rotated = InstallationRotated.parse(
      await (await adminCall('POST', '/v1/admin/installations/logged/rotate')).json(),
    );
    const output = lines.join('');
    expect(output).toContain('installation added');
    expect(output).toContain('installation secret rotated');
    expect(output).not.toContain(given);
    expect(output).not.toContain(rotated.sharedSecret);
    expect(output).not.toContain(ADMIN_TOKEN);
  });
});
