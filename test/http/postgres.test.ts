import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, FeedbackResponse, ReadyResponse, SimilarResponse, TriageResult } from '../../src/contract/index.ts';
import { loadConfig } from '../../server/config/index.ts';
import { bootstrap } from '../../server/runtime/bootstrap.ts';
import { createRuntime, type RuntimeHandle } from '../../server/runtime/create-runtime.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const silent = pino({ level: 'silent' });
let database: TestDatabase;
let proxy: TcpProxy;
let dataDir: string;
const handles: RuntimeHandle[] = [];
const apps: RunningApp[] = [];

async function instance(databaseUrl: string, demo: boolean): Promise<{ handle: RuntimeHandle; app: RunningApp }> {
  const config = loadConfig({
    env: {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      TRIAGE_SHARED_SECRET: SHARED_SECRET,
      TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN,
      TRIAGE_SYNC_INTERVAL_MS: '200',
    },
    envFile: null,
  });
  const handle = await createRuntime(config, silent);
  handles.push(handle);
  await bootstrap(handle, silent, { demo });
  const app = await startApp(handle.runtime);
  apps.push(app);
  return { handle, app };
}

async function until<T>(probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'triage-pg-'));
  const target = new URL(database.url);
  proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.up();
});

afterAll(async () => {
  for (const app of apps) await app.close().catch(() => undefined);
  await proxy.up().catch(() => undefined);
  for (const handle of handles) await handle.close().catch(() => undefined);
  await proxy.down();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('on PostgreSQL', () => {
  it("two instances on one database see each other's tickets in similar search and agree on the model", async () => {
    const a = await instance(database.url, true);
    const b = await instance(database.url, false);
    expect(b.handle.model.current()?.version).toBe(a.handle.model.current()?.version);

    const ticket = {
      id: 'multi-1',
      subject: 'Kestrel gateway rejects webhook',
      description: 'Our kestrel gateway webhook returns 410 after the migration.',
    };
    const triaged = await a.app.call('POST', '/v1/triage', { body: { ticket } });
    expect(triaged.status).toBe(200);
    TriageResult.parse(await triaged.json());

    const hits = await until(async () => {
      const body = SimilarResponse.parse(
        await (
          await b.app.call('GET', `/v1/similar?q=${encodeURIComponent('kestrel gateway webhook')}&limit=3`)
        ).json(),
      );
      return body.hits.some((hit) => hit.ticketId === 'multi-1') ? body.hits : null;
    });
    expect(hits[0]?.ticketId).toBe('multi-1');

    // Feedback written through one instance is a duplicate through the other.
    const event = {
      idempotencyKey: 'multi-fb-0001',
      ticketId: 'multi-1',
      kind: 'like',
      label: 'bug',
      actor: { id: 'agent-1' },
      at: '2026-11-23T10:00:00Z',
    };
    expect((await a.app.call('POST', '/v1/feedback', { body: event })).status).toBe(201);
    const again = await b.app.call('POST', '/v1/feedback', { body: event });
    expect(again.status).toBe(200);
    expect(FeedbackResponse.parse(await again.json()).duplicate).toBe(true);
  });

  it('answers 503 and fails /readyz while the database is unreachable, and recovers by itself', async () => {
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const { app } = await instance(proxied.toString(), false);
    expect((await app.call('GET', '/readyz', { authorization: null })).status).toBe(200);

    await proxy.down();
    const ticket = { ticket: { id: 'down-1', subject: 'Question', description: 'Where can I find the invoice?' } };
    const failed = await app.call('POST', '/v1/triage', { body: ticket });
    expect(failed.status).toBe(503);
    expect(ErrorBody.parse(await failed.json()).error.code).toBe('DATABASE_UNAVAILABLE');
    const notReady = await app.call('GET', '/readyz', { authorization: null });
    expect(notReady.status).toBe(503);
    expect(ReadyResponse.parse(await notReady.json()).database.ok).toBe(false);

    await proxy.up();
    await until(async () => ((await app.call('GET', '/readyz', { authorization: null })).status === 200 ? true : null));
    expect((await app.call('POST', '/v1/triage', { body: ticket })).status).toBe(200);
  });
});
