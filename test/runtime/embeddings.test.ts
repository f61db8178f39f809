/**
 * Similar tickets with TRIAGE_EMBEDDING_MODEL, against the fake OpenAI-compatible server: vectors are made in the
 * background from redacted text, stored, reused after a restart and by other instances, fused with the lexical
 * ranking; failures and timeouts fall back to lexical results; without the variable nothing is called.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadyResponse, SimilarResponse, TriageResult } from '../../src/contract/index.ts';
import { loadConfig } from '../../server/config/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { bootstrap } from '../../server/runtime/bootstrap.ts';
import { createRuntime, type RuntimeHandle } from '../../server/runtime/create-runtime.ts';
import type { TicketWrite } from '../../server/storage/index.ts';
import { errorReply, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

let fake: FakeOpenAi;
const folders: string[] = [];
const open: { handle: RuntimeHandle; app: RunningApp }[] = [];
const logLines: string[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

/** Vectors the fake answers, chosen by a marker word: the dense ranking the tests expect follows from them. */
function markerVector(text: string): number[] {
  if (text.includes('xray')) return [-1, 0, 0, 0];
  if (text.includes('yankee')) return [1, 0, 0, 0];
  if (text.includes('zulu')) return [0.99, 0.14, 0, 0];
  if (text.includes('monthly')) return [1, 0, 0, 0];
  return [-0.5, 0, 0.8, 0];
}

function ticket(id: string, text: string): TicketWrite {
  return {
    id,
    subject: text,
    text,
    label: null,
    urgency: null,
    status: 'open',
    createdAt: '2026-11-01T00:00:00.000Z',
    source: 'import',
  };
}

// Lexically the query "export invoice report monthly" matches x best and y second; z and the fillers share no word.
const CORPUS = [
  ticket('x', 'Export invoice report monthly totals broken xray'),
  ticket('y', 'Export invoice yankee'),
  ticket('z', 'Spreadsheet download zulu'),
  ticket('f1', 'Password reset email never arrives'),
  ticket('f2', 'Dark mode colours wrong'),
  ticket('f3', 'Mobile app crashes on start'),
  ticket('f4', 'Cannot change language setting'),
  ticket('f5', 'Webhook delivery delayed'),
];

const embeddingRequests = () => fake.requests.filter((request) => request.path === '/v1/embeddings');
const embeddedTexts = () => embeddingRequests().flatMap((request) => (request.body as { input: string[] }).input);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | null | Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(25);
  }
}

/** A folder for the generated secrets only (the database is PostgreSQL). */
function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-embeddings-'));
  folders.push(dir);
  return dir;
}

/** A copy of an empty embedded database: no initdb. */
async function newDataDir(): Promise<string> {
  const folder = await freshPgliteDir();
  folders.push(folder.dir);
  return folder.dir;
}

async function instance(
  where: { dataDir: string; databaseUrl?: string },
  env: Record<string, string> = {},
): Promise<{ handle: RuntimeHandle; app: RunningApp }> {
  const config = loadConfig({
    env: {
      DATA_DIR: where.dataDir,
      DATABASE_URL: where.databaseUrl ?? '',
      TRIAGE_SHARED_SECRET: SHARED_SECRET,
      TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN,
      TRIAGE_SYNC_INTERVAL_MS: '100',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test-not-a-real-key',
      TRIAGE_LLM_MODEL: 'fake-model',
      TRIAGE_LLM_POLICY: 'off',
      TRIAGE_LLM_MAX_RETRIES: '0',
      TRIAGE_EMBEDDING_MODEL: 'fake-embed',
      ...env,
    },
    envFile: null,
  });
  const handle = await createRuntime(config, logger, {
    embeddings: { batchIntervalMs: 0, retryBaseMs: 50, queryCooldownMs: 0 },
  });
  const app = await startApp(handle.runtime);
  const entry = { handle, app };
  open.push(entry);
  return entry;
}

async function close(entry: { handle: RuntimeHandle; app: RunningApp }): Promise<void> {
  open.splice(open.indexOf(entry), 1);
  await entry.app.close();
  await entry.handle.close();
}

async function similar(app: RunningApp, path: string): Promise<{ ids: string[]; ms: number }> {
  const started = performance.now();
  const response = await app.call('GET', path);
  expect(response.status).toBe(200);
  const body = SimilarResponse.parse(await response.json());
  return { ids: body.hits.map((hit) => hit.ticketId), ms: performance.now() - started };
}

async function seed(handle: RuntimeHandle): Promise<void> {
  await handle.store.upsertTickets(CORPUS);
  await handle.similar.refresh();
  await until(() => handle.similar.embeddingStatus()?.vectors === CORPUS.length);
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  fake.fallback('embeddings', (request) => {
    const inputs = (request.body as { input: string[] }).input;
    return {
      body: {
        object: 'list',
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: markerVector(text) })),
      },
    };
  });
});

afterAll(async () => {
  for (const entry of [...open]) await close(entry).catch(() => undefined);
  await fake?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('similar tickets with embeddings', () => {
  let dataDir: string;
  let node: { handle: RuntimeHandle; app: RunningApp };
  const QUERY = '/v1/similar?q=export%20invoice%20report%20monthly&limit=3';

  beforeAll(async () => {
    dataDir = await newDataDir();
    node = await instance({ dataDir });
  }, 120_000);

  it('embeds stored tickets in the background, in batches, and says so in /readyz', async () => {
    await seed(node.handle);
    expect(embeddedTexts().sort()).toEqual(CORPUS.map((row) => row.text).sort());
    const ready = ReadyResponse.parse(await (await node.app.call('GET', '/readyz', { authorization: null })).json());
    expect(ready.similar).toEqual({
      tickets: CORPUS.length,
      embeddings: { model: 'fake-embed', vectors: CORPUS.length, pending: 0 },
    });
    const metrics = await (await node.app.call('GET', '/metrics', { authorization: null })).text();
    expect(metrics).toContain(`triage_embedding_vectors{state="stored"} ${CORPUS.length}`);
    expect(metrics).toContain('triage_embedding_vectors{state="pending"} 0');
    expect(metrics).toContain(`triage_similar_index_tickets ${CORPUS.length}`);
    const stored = await node.handle.store.embeddingsChangedSince('fake-embed', 0, 100);
    expect(stored.map((row) => row.ticketId).sort()).toEqual(CORPUS.map((row) => row.id).sort());
    expect([...stored.find((row) => row.ticketId === 'z')!.vector]).toEqual(markerVector('zulu').map(Math.fround));
  });

  it('fuses the rankings: the dense order lifts y over x and brings z, which shares no word with the query', async () => {
    const lexical = node.handle.similar.index
      .search('export invoice report monthly', { limit: 3 })
      .map((hit) => hit.ticket.id);
    expect(lexical).toEqual(['x', 'y']);
    expect((await similar(node.app, QUERY)).ids).toEqual(['y', 'x', 'z']);
  });

  it('uses the stored vector of a stored ticket instead of embedding its text again', async () => {
    const before = embeddingRequests().length;
    expect((await similar(node.app, '/v1/tickets/y/similar?limit=2')).ids).toEqual(['x', 'z']);
    expect(embeddingRequests().length).toBe(before);
  });

  it('redacts a search box query before embedding it', async () => {
    const before = embeddingRequests().length;
    const q = 'monthly invoice export fails from IP 203.0.113.7, I am Bartholomew Quincey, Hauptstraße 5';
    expect((await similar(node.app, `/v1/similar?q=${encodeURIComponent(q)}&limit=3`)).ids[0]).toBe('y');
    const sent = embeddingRequests()
      .slice(before)
      .map((request) => request.rawBody)
      .join('\n');
    expect(sent).toContain('monthly invoice export fails');
    for (const value of ['203.0.113.7', 'Bartholomew', 'Quincey', 'Hauptstraße 5']) expect(sent).not.toContain(value);
  });

  it('answers lexically when the query embedding fails, and logs the code', async () => {
    fake.script('embeddings', errorReply(500));
    expect((await similar(node.app, '/v1/similar?q=monthly%20export%20invoice%20report&limit=3')).ids).toEqual([
      'x',
      'y',
    ]);
    expect(logLines.join('')).toMatch(/"code":"LLM_HTTP".*query embedding failed/);
  });

  it('answers lexically within the query deadline when the endpoint hangs', async () => {
    fake.script('embeddings', { hang: true });
    const { ids, ms } = await similar(node.app, '/v1/similar?q=report%20monthly%20export%20invoice&limit=3');
    expect(ids).toEqual(['x', 'y']);
    expect(ms).toBeLessThan(2_000);
    expect(logLines.join('')).toMatch(/"code":"EMBEDDING_QUERY_TIMEOUT"/);
  });

  it('retries a failed background batch later and logs it by code only', async () => {
    fake.script('embeddings', errorReply(503));
    await node.handle.store.upsertTickets([ticket('w', 'Calendar sync whiskey')]);
    await node.handle.similar.refresh();
    await until(() => node.handle.similar.embeddingStatus()?.vectors === CORPUS.length + 1);
    const failure = logLines.find((line) => line.includes('embedding tickets failed'));
    expect(failure).toMatch(/"code":"LLM_HTTP"/);
    expect(failure).not.toContain('whiskey');
  });

  it('reloads the vectors after a restart without a second embeddings call', async () => {
    const before = embeddedTexts().length;
    await close(node);
    node = await instance({ dataDir });
    expect(node.handle.similar.embeddingStatus()).toEqual({
      model: 'fake-embed',
      vectors: CORPUS.length + 1,
      pending: 0,
    });
    await sleep(300);
    expect(embeddedTexts().length).toBe(before);
    // The query text was embedded before the restart; it is embedded again once (the cache is per process).
    expect((await similar(node.app, QUERY)).ids).toEqual(['y', 'x', 'z']);
  });

  it('embeds a ticket again when its text changes, and drops the old vector from the ranking', async () => {
    const seen = embeddedTexts().length;
    await node.handle.store.upsertTickets([ticket('z', 'Spreadsheet download xray')]);
    await node.handle.similar.refresh();
    await until(async () => {
      const rows = await node.handle.store.embeddingsChangedSince('fake-embed', 0, 100);
      const z = rows.find((row) => row.ticketId === 'z');
      return z !== undefined && z.vector[0] === -1 && node.handle.similar.embeddingStatus()?.pending === 0;
    });
    expect(embeddedTexts().slice(seen)).toEqual(['Spreadsheet download xray']);
    // z now points away from the query, like x, and has no word in common with it: it leaves the top three.
    expect((await similar(node.app, QUERY)).ids).not.toContain('z');
  });
});

describe('triage with embeddings on and off', () => {
  it('sends only redacted text, and embeds a triaged ticket once (its search vector is reused)', async () => {
    const node = await instance({ dataDir: await newDataDir() });
    await bootstrap(node.handle, logger, { demo: true });
    await until(
      () =>
        node.handle.similar.embeddingStatus()?.pending === 0 &&
        (node.handle.similar.embeddingStatus()?.vectors ?? 0) > 600,
      60_000,
    );
    const response = await node.app.call('POST', '/v1/triage', {
      body: {
        ticket: {
          id: 'pii-1',
          subject: 'Card charged twice',
          description:
            'Hi, Bartholomew Quincey here (bart.quincey@example.org, +1 415 555 0132). My card 4111 1111 1111 1111 was charged twice for the invoice.',
          requester: { name: 'Bartholomew Quincey', email: 'bart.quincey@example.org' },
        },
      },
    });
    expect(response.status).toBe(200);
    const result = TriageResult.parse(await response.json());
    expect(result.similar.length).toBeGreaterThan(0);
    await until(
      () =>
        node.handle.similar.embeddingStatus()?.pending === 0 &&
        node.handle.similar.embeddingStatus()?.vectors === node.handle.similar.size(),
    );
    expect(embeddedTexts().filter((text) => text.includes('charged twice for the invoice'))).toHaveLength(1);
    const sent = fake.allBodies();
    for (const value of ['Bartholomew', 'Quincey', 'bart.quincey@example.org', '415 555 0132'])
      expect(sent).not.toContain(value);
    for (const demo of generateDemoTickets()) expect(sent).not.toContain(demo.requester?.email ?? '\u0000');
    await close(node);
  }, 120_000);

  it('calls no embeddings endpoint without TRIAGE_EMBEDDING_MODEL', async () => {
    const before = embeddingRequests().length;
    const node = await instance({ dataDir: await newDataDir() }, { TRIAGE_EMBEDDING_MODEL: '' });
    await bootstrap(node.handle, logger, { demo: true });
    const response = await node.app.call('POST', '/v1/triage', {
      body: {
        ticket: { id: 'off-1', subject: 'Refund', description: 'Please refund the duplicate charge on my invoice.' },
      },
    });
    expect(response.status).toBe(200);
    expect((await similar(node.app, '/v1/similar?q=refund%20invoice&limit=3')).ids.length).toBeGreaterThan(0);
    await sleep(300);
    expect(embeddingRequests().length).toBe(before);
    const ready = ReadyResponse.parse(await (await node.app.call('GET', '/readyz', { authorization: null })).json());
    expect(ready.similar.embeddings).toBeNull();
    expect(await (await node.app.call('GET', '/metrics', { authorization: null })).text()).not.toContain(
      'triage_embedding_vectors{',
    );
    await close(node);
  }, 120_000);
});

describe('two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('embed each text once between them and both rank with the shared vectors', async () => {
    const before = embeddedTexts().length;
    const first = await instance({ dataDir: emptyDir(), databaseUrl: database.url });
    const second = await instance({ dataDir: emptyDir(), databaseUrl: database.url });
    await first.handle.store.upsertTickets(CORPUS);
    await Promise.all([first.handle.similar.refresh(), second.handle.similar.refresh()]);
    for (const node of [first, second])
      await until(() => node.handle.similar.embeddingStatus()?.vectors === CORPUS.length);
    expect(embeddedTexts().slice(before).sort()).toEqual(CORPUS.map((row) => row.text).sort());
    const QUERY = '/v1/similar?q=export%20invoice%20report%20monthly&limit=3';
    expect((await similar(first.app, QUERY)).ids).toEqual(['y', 'x', 'z']);
    expect((await similar(second.app, QUERY)).ids).toEqual(['y', 'x', 'z']);
    await close(first);
    await close(second);
  }, 120_000);
});
