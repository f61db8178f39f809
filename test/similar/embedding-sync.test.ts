import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LlmError, type Embedder } from '../../server/llm/index.ts';
import { EmbeddingSync, embeddingTextHash, SimilarSync } from '../../server/similar/index.ts';
import type { TicketWrite } from '../../server/storage/index.ts';
import { MemoryStore } from '../support/memory-store.ts';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An Embedder double: a vector from the text length, recording every call and how many ran at once. */
class RecordingEmbedder implements Embedder {
  readonly model = 'double-embed';
  readonly calls: string[][] = [];
  private running = 0;
  maxRunning = 0;
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await sleep(5);
    this.running--;
    return texts.map((text) => Float32Array.of(text.length, 1));
  }
}

function ticket(id: string, text: string): TicketWrite {
  return { id, subject: id, text, label: null, urgency: null, status: null, createdAt: null, source: 'import' };
}

async function until(probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
}

describe('EmbeddingSync', () => {
  it('embeds the backlog in batches of batchSize, one request at a time, reading the stored text', async () => {
    const store = new MemoryStore();
    const embedder = new RecordingEmbedder();
    const rows = Array.from({ length: 23 }, (_, index) => ticket(`t${index}`, `text number ${index}`));
    await store.upsertTickets(rows);
    const sync = new EmbeddingSync(store, embedder, silent, { batchSize: 5, batchIntervalMs: 0 });
    for (const row of rows) sync.noteTicket(row.id, row.text);
    sync.start();
    await until(() => sync.status().vectors === 23);
    expect(embedder.calls.map((call) => call.length)).toEqual([5, 5, 5, 5, 3]);
    expect(embedder.maxRunning).toBe(1);
    expect(embedder.calls.flat().sort()).toEqual(rows.map((row) => row.text).sort());
    expect(sync.status()).toEqual({ model: 'double-embed', vectors: 23, pending: 0 });
    await sync.stop();
  });

  it('leaves a text another instance claimed to it, and takes its vector when it arrives', async () => {
    const store = new MemoryStore();
    const embedder = new RecordingEmbedder();
    await store.upsertTickets([ticket('a', 'claimed elsewhere'), ticket('b', 'mine')]);
    await store.claimEmbeddings(
      'double-embed',
      [{ ticketId: 'a', textHash: embeddingTextHash('claimed elsewhere') }],
      'other-instance',
      60_000,
    );
    const sync = new EmbeddingSync(store, embedder, silent, { batchIntervalMs: 0 });
    sync.noteTicket('a', 'claimed elsewhere');
    sync.noteTicket('b', 'mine');
    sync.start();
    await until(() => sync.status().vectors === 1);
    await sleep(50);
    expect(embedder.calls).toEqual([['mine']]);
    expect(sync.status().pending).toBe(1);
    await store.saveEmbeddings('double-embed', [
      { ticketId: 'a', textHash: embeddingTextHash('claimed elsewhere'), vector: Float32Array.of(1, 0) },
    ]);
    await sync.refresh();
    expect(sync.status()).toEqual({ model: 'double-embed', vectors: 2, pending: 0 });
    await sync.stop();
  });

  it('keeps a vector read before this instance saw the new text it was made from, and uses it then', async () => {
    const store = new MemoryStore();
    const embedder = new RecordingEmbedder();
    const sync = new EmbeddingSync(store, embedder, silent);
    sync.noteTicket('t', 'old text');
    // Another instance saw the edit first and stored the vector of the new text; this one reads it before the edit.
    await store.saveEmbeddings('double-embed', [
      { ticketId: 't', textHash: embeddingTextHash('new text'), vector: Float32Array.of(0, 1) },
    ]);
    await sync.refresh();
    expect(sync.status()).toEqual({ model: 'double-embed', vectors: 0, pending: 1 });
    sync.noteTicket('t', 'new text');
    expect(sync.status()).toEqual({ model: 'double-embed', vectors: 1, pending: 0 });
    expect(await sync.queryVector('new text', 't')).toEqual(Float32Array.of(0, 1));
    expect(embedder.calls).toEqual([]);
    await sync.stop();
  });

  it('logs a failed batch by its code, pauses, and succeeds on a later try', async () => {
    const store = new MemoryStore();
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    let failures = 2;
    const embedder = new RecordingEmbedder();
    const flaky: Embedder = {
      model: embedder.model,
      embed: async (texts) => {
        if (failures-- > 0) throw Object.assign(new Error('endpoint down'), { code: 'LLM_CONNECTION' });
        return embedder.embed(texts);
      },
    };
    await store.upsertTickets([ticket('t', 'secret-free text')]);
    const sync = new EmbeddingSync(store, flaky, logger, { retryBaseMs: 20, batchIntervalMs: 0 });
    sync.noteTicket('t', 'secret-free text');
    sync.start();
    await until(() => sync.status().vectors === 1);
    const warnings = lines.filter((line) => line.includes('embedding tickets failed'));
    expect(warnings).toHaveLength(2);
    expect(
      warnings
        .map((line) => JSON.parse(line) as { code: string; retryInMs: number })
        .map(({ code, retryInMs }) => [code, retryInMs]),
    ).toEqual([
      ['LLM_CONNECTION', 20],
      ['LLM_CONNECTION', 40],
    ]);
    expect(lines.join('')).not.toContain('secret-free text');
    await sync.stop();
  });

  it('sends the tickets of a refused batch one by one, so one ticket the endpoint refuses holds back no other', async () => {
    const store = new MemoryStore();
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const embedder = new RecordingEmbedder();
    const picky: Embedder = {
      model: embedder.model,
      embed: async (texts) => {
        if (texts.some((text) => text.includes('too long')))
          throw new LlmError('LLM_HTTP', 'maximum context length', { status: 400 });
        return embedder.embed(texts);
      },
    };
    const rows = Array.from({ length: 12 }, (_, index) =>
      ticket(`t${index}`, index === 4 ? 'this one is too long' : `text number ${index}`),
    );
    await store.upsertTickets(rows);
    const sync = new EmbeddingSync(store, picky, logger, { batchSize: 5, batchIntervalMs: 0, retryBaseMs: 60_000 });
    for (const row of rows) sync.noteTicket(row.id, row.text);
    sync.start();
    await until(() => sync.status().vectors === 11);
    expect(sync.status()).toEqual({ model: 'double-embed', vectors: 11, pending: 1 });
    expect(lines.some((line) => line.includes('sending its tickets one by one'))).toBe(true);
    expect(lines.some((line) => line.includes('refused for one ticket'))).toBe(true);
    expect(lines.join('')).not.toContain('too long');
    // A new ticket after the refusal is embedded at once (no global pause).
    await store.upsertTickets([ticket('late', 'late arrival')]);
    sync.noteTicket('late', 'late arrival');
    await until(() => sync.status().vectors === 12);
    await sync.stop();
  });

  // Lexically x > w > y; by cosine to the query y > z > x > w. z shares no word with the query.
  it.each([
    ['scans every vector while that is cheap, so z comes in', undefined, ['x', 'y', 'w', 'z']],
    ['re-ranks only the lexical candidates in a large index', 0, ['x', 'y', 'w']],
  ])('fused search %s; y rises over w', async (_name, fullScanBudget, expected) => {
    const store = new MemoryStore();
    const vectors: Record<string, number[]> = { xray: [0.8, 0.6], whiskey: [0, 1], yankee: [1, 0], zulu: [0.99, 0.14] };
    const marker: Embedder = {
      model: 'marker',
      embed: async (texts) =>
        texts.map((text) =>
          Float32Array.from(Object.entries(vectors).find(([word]) => text.includes(word))?.[1] ?? [1, 0]),
        ),
    };
    await store.upsertTickets([
      ticket('x', 'Export invoice report monthly totals xray'),
      ticket('w', 'Export invoice report whiskey'),
      ticket('y', 'Export yankee'),
      ticket('z', 'Spreadsheet download zulu'),
    ]);
    const sync = new EmbeddingSync(store, marker, silent, {
      batchIntervalMs: 0,
      ...(fullScanBudget === undefined ? {} : { fullScanBudget }),
    });
    const similar = new SimilarSync(store, silent, sync);
    await similar.refresh();
    sync.start();
    await until(() => sync.status().vectors === 4);
    expect(similar.index.search('export invoice report monthly', { limit: 4 }).map((hit) => hit.ticket.id)).toEqual([
      'x',
      'w',
      'y',
    ]);
    const hits = await similar.search('export invoice report monthly', { limit: 4 });
    expect(hits.map((hit) => hit.ticketId)).toEqual(expected);
    // The score shown is a similarity in 0..1: y's cosine to the query is 1.
    expect(hits[1]!.score).toBeCloseTo(1, 5);
    await similar.stop();
  });
});
