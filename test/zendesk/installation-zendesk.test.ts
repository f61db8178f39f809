import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, JobView, ZendeskConnectionView, ZendeskImportProgress } from '../../src/contract/index.ts';
import { createLogger } from '../../server/http/index.ts';
import {
  Sealer,
  startInstallations,
  type InstallationRegistry,
  type RegistryKeyring,
} from '../../server/installations/index.ts';
import { startWorker, type Worker } from '../../server/jobs/index.ts';
import type { RuntimeFor } from '../../server/runtime/runtime.ts';
import { ticketJobHandler, ZENDESK_TICKET_JOB } from '../../server/webhooks/index.ts';
import {
  ZENDESK_IMPORT_JOB,
  zendeskAccounts,
  zendeskImportJobHandler,
  type ZendeskAccounts,
} from '../../server/zendesk/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { scopedTestRuntimes, testRuntime, type TestRuntime } from '../support/test-runtime.ts';

const auth = { email: 'admin@acme.example', apiToken: 'acme-api-token-7f3a9c' };
const lines: string[] = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let runtime: TestRuntime;
let runtimeFor: RuntimeFor;
let registry: InstallationRegistry;
let keyring: RegistryKeyring;
let accounts: ZendeskAccounts;
let server: RunningApp;
let fake: FakeZendesk;
const workers: Worker[] = [];

beforeAll(async () => {
  runtime = testRuntime();
  runtimeFor = scopedTestRuntimes(runtime);
  ({ registry, keyring } = await startInstallations(runtime.store, {
    sealer: new Sealer(Buffer.alloc(32, 9)),
    defaultSecret: SHARED_SECRET,
    syncIntervalMs: 60_000,
  }));
  // TRIAGE_WRITE_BACK=on; the default installation has no ZENDESK_* connection.
  accounts = zendeskAccounts({
    defaultConnection: null,
    defaultWriteBack: true,
    registry,
    clientOptions: { policy: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 10_000 } },
  });
  server = await startApp(runtime, {
    installations: { registry, keyring, purge: async () => ({}) },
    runtimeFor,
    zendeskConnected: (installation) => accounts.connected(installation),
    logger: createLogger({ level: 'trace', destination }),
  });
  fake = await startFakeZendesk({
    auth,
    pageSize: 2,
    tickets: [
      { tags: ['billing'], subject: 'Invoice wrong', description: 'Charged twice, mail me at jo@example.com' },
      { tags: ['bug'] },
      { status: 'deleted' },
      {},
      { tags: ['billing'] },
    ],
  });
  await registry.add({ subdomain: 'acme' });
  await registry.add({ subdomain: 'beta' });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});
afterAll(async () => {
  keyring.stop();
  await server.close();
  await fake.close();
});

const adminCall = (method: string, path: string, body?: unknown) =>
  server.call(method, path, { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { body }) });

async function errorOf(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  return ErrorBody.parse(await response.json()).error.code;
}

async function view(response: Response): Promise<ZendeskConnectionView> {
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).not.toContain(auth.apiToken);
  return ZendeskConnectionView.parse(JSON.parse(text));
}

function work(handlers: Parameters<typeof startWorker>[1]): void {
  workers.push(startWorker(runtime.store, handlers, { workerId: `w-${workers.length}`, pollMs: 5 }));
}

async function finishedJob(jobId: string, installation: string): Promise<JobView> {
  for (let i = 0; i < 1000; i++) {
    const response = await adminCall('GET', `/v1/admin/jobs/${jobId}?installation=${installation}`);
    const job = JobView.parse(await response.json());
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('job did not finish');
}

describe("a registered installation's Zendesk connection", () => {
  it('is set over HTTP, sealed, answered without its token, and logged without it', async () => {
    expect(await view(await adminCall('GET', '/v1/admin/installations/acme/zendesk'))).toMatchObject({
      subdomain: 'acme',
      connected: false,
      writeBack: null,
    });
    const set = await view(
      await adminCall('PUT', '/v1/admin/installations/acme/zendesk', {
        url: `${fake.url}/`,
        email: auth.email,
        apiToken: auth.apiToken,
      }),
    );
    expect(set).toMatchObject({ connected: true, url: fake.url, auth: 'api-token', email: auth.email });
    expect(await view(await adminCall('GET', '/v1/admin/installations/acme/zendesk'))).toEqual(set);
    expect(lines.join('')).not.toContain(auth.apiToken);
    const { id } = await registry.get('acme');
    // Sealed: the stored row holds no token in clear.
    const record = await runtime.store.getInstallation(id);
    expect(JSON.stringify(record)).not.toContain(auth.apiToken);
    expect((await registry.zendeskOf(id)).connection).toEqual({
      url: fake.url,
      auth: { kind: 'api-token', ...auth },
    });
  });

  it.each([
    ['a URL with a path', { url: 'https://acme.zendesk.com/agent', email: 'a@b.c', apiToken: 'token-123456' }],
    ['a token without its email', { url: 'https://acme.zendesk.com', apiToken: 'token-123456' }],
    ['both kinds of token', { url: 'https://x.zendesk.com', email: 'a@b.c', apiToken: 'tok-1234', oauthToken: 'o' }],
    ['credentials without a URL', { oauthToken: 'oauth-token-123' }],
    ['nothing to change', {}],
    ['a token with a space', { url: 'https://acme.zendesk.com', oauthToken: 'two words here' }],
    ['plain http to another machine', { url: 'http://acme.zendesk.com', oauthToken: 'oauth-token-123' }],
  ])('refuses %s with 400 VALIDATION_FAILED, changing nothing', async (_name, body) => {
    expect(await errorOf(await adminCall('PUT', '/v1/admin/installations/beta/zendesk', body), 400)).toBe(
      'VALIDATION_FAILED',
    );
    expect((await registry.zendeskView('beta')).connected).toBe(false);
  });

  it('refuses the default installation (its account is ZENDESK_*) and an unknown one', async () => {
    const body = { url: 'https://x.zendesk.com', oauthToken: 'oauth-token-123' };
    expect(await errorOf(await adminCall('PUT', '/v1/admin/installations/default/zendesk', body), 409)).toBe(
      'DEFAULT_INSTALLATION',
    );
    expect(await errorOf(await adminCall('PUT', '/v1/admin/installations/nobody/zendesk', body), 404)).toBe(
      'INSTALLATION_NOT_FOUND',
    );
  });

  it('imports the history as a durable job: 202, progress and summary at the job route, tickets in its store', async () => {
    fake.inject('export', { status: 429, retryAfterSeconds: 0, afterCalls: 1 });
    const started = await adminCall('POST', '/v1/admin/import/zendesk?installation=acme');
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    // A second request while the first waits is the same job.
    const again = await adminCall('POST', '/v1/admin/import/zendesk?installation=acme');
    expect(((await again.json()) as { jobId: string }).jobId).toBe(jobId);
    expect(
      JobView.parse(await (await adminCall('GET', `/v1/admin/jobs/${jobId}?installation=acme`)).json()),
    ).toMatchObject({
      kind: ZENDESK_IMPORT_JOB,
      status: 'pending',
      progress: null,
    });
    // Another installation's job id is not found in this one.
    expect(await errorOf(await adminCall('GET', `/v1/admin/jobs/${jobId}`), 404)).toBe('JOB_NOT_FOUND');

    work({
      [ZENDESK_IMPORT_JOB]: zendeskImportJobHandler({
        jobs: runtime.store,
        zendeskFor: (installation) => accounts.clientFor(installation),
        targetFor: async (installation) => {
          const lease = await runtimeFor(installation);
          return { store: lease.runtime.store, taxonomy: lease.runtime.taxonomy.current(), release: lease.release };
        },
      }),
    });
    const job = await finishedJob(jobId, 'acme');
    expect(job.status).toBe('done');
    expect(ZendeskImportProgress.parse(job.progress)).toMatchObject({
      resumed: false,
      pages: 3,
      read: 5,
      inserted: 4,
      labelled: { billing: 2, bug: 1 },
      unlabelled: 1,
      skipped: { deleted: 1, empty: 0, invalid: 0 },
      complete: true,
    });
    expect(JSON.stringify(job)).not.toContain('jo@example.com');
    expect(fake.requests.filter((request) => request.route === 'export').map((request) => request.authorized)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const { id } = await registry.get('acme');
    const acme = runtime.store.forInstallation(id);
    expect(await acme.getTicket('1')).toMatchObject({ label: 'billing' });
    expect(await runtime.store.getTicket('1')).toBeNull();
  });

  it('refuses an import for an installation without credentials, naming how to set them', async () => {
    const beta = await adminCall('POST', '/v1/admin/import/zendesk?installation=beta');
    expect(beta.status).toBe(409);
    const body = ErrorBody.parse(await beta.json());
    expect(body.error.code).toBe('ZENDESK_NOT_CONFIGURED');
    expect(body.error.message).toContain('triage installations zendesk beta');
    expect(await errorOf(await adminCall('POST', '/v1/admin/import/zendesk'), 409)).toBe('ZENDESK_NOT_CONFIGURED');
  });

  it('writes back with its own credentials, and follows its own write-back switch before TRIAGE_WRITE_BACK', async () => {
    const { id } = await registry.get('acme');
    fake.tickets.get(2)!.subject = 'Invoice is wrong';
    fake.tickets.get(2)!.description = 'The invoice for November charges us twice.';
    work({
      [ZENDESK_TICKET_JOB]: ticketJobHandler({
        runtimeFor,
        zendeskFor: (installation) => accounts.clientFor(installation),
        writeBack: (installation) => accounts.writeBack(installation),
      }),
    });
    const store = runtime.store.forInstallation(id);
    const run = async (eventId: string) => {
      const jobId = await store.enqueueEventJob(eventId, ZENDESK_TICKET_JOB, {
        eventId,
        type: 'zen:event-type:ticket.created',
        ticketId: '2',
      });
      expect((await finishedJob(jobId!, 'acme')).status).toBe('done');
    };
    const updates = () => fake.requests.filter((request) => request.route === 'update');

    expect(
      await view(await adminCall('PUT', '/v1/admin/installations/acme/zendesk', { writeBack: false })),
    ).toMatchObject({ connected: true, writeBack: false });
    await run('evt-off');
    expect(updates()).toEqual([]);

    expect(
      await view(await adminCall('PUT', '/v1/admin/installations/acme/zendesk', { writeBack: null })),
    ).toMatchObject({ connected: true, writeBack: null });
    await run('evt-default');
    expect(updates()).toHaveLength(1);
    expect(updates()[0]).toMatchObject({ authorized: true, method: 'PUT' });
    expect(fake.tickets.get(2)!.tags).toEqual(expect.arrayContaining(['bug', 'triage_auto']));

    // Credentials cleared: the next job fails with the typed reason, and nothing is read.
    expect(await view(await adminCall('DELETE', '/v1/admin/installations/acme/zendesk'))).toMatchObject({
      connected: false,
    });
    const reads = fake.requests.length;
    const jobId = await store.enqueueEventJob('evt-cleared', ZENDESK_TICKET_JOB, {
      eventId: 'evt-cleared',
      type: 'zen:event-type:ticket.created',
      ticketId: '2',
    });
    for (let i = 0; i < 200 && (await store.getJob(jobId!))?.lastError == null; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await store.getJob(jobId!))?.lastError).toContain('ZENDESK_NOT_CONFIGURED');
    expect(fake.requests.length).toBe(reads);
  });
});
