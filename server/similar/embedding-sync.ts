import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { errorCode } from '../../src/errors/index.ts';
import { redact } from '../../src/redact/index.ts';
import { DenseIndex } from '../../src/similar/index.ts';
import { MAP_ENTRY_BYTES, stringBytes } from '../../src/text/index.ts';
import type { Embedder } from '../llm/embedder.ts';
import { isLlmError } from '../llm/errors.ts';
import { sha256Hex } from '../sha256-hex.ts';
import type { EmbeddingStore, EmbeddingWrite, TicketStore } from '../storage/store.ts';
import { SharedRun } from './shared-run.ts';

export interface EmbeddingSyncOptions {
  /** Tickets per embeddings request of the background work (default 32). */
  readonly batchSize?: number;
  /** Pause between two background batches, bounding the request rate (default 100 ms; one batch in flight). */
  readonly batchIntervalMs?: number;
  /** How long a claim keeps other instances off a text (default 60 s). */
  readonly leaseMs?: number;
  /** How long a search waits for its query vector before answering lexically (default 300 ms). */
  readonly queryTimeoutMs?: number;
  /** Query embeddings in flight at once; beyond, searches answer lexically (default 8). */
  readonly maxQueriesInFlight?: number;
  /** After a failed query embedding, searches stay lexical this long instead of waiting again (default 10 s). */
  readonly queryCooldownMs?: number;
  /** First wait after a failed batch, doubled per failure up to `retryMaxMs` (defaults 2 s, 5 min). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Names this instance in claims (default host, pid and a random suffix). */
  readonly owner?: string;
  /**
   * Vectors × dimensions up to which a search scans every vector (default 4M: 15k tickets at 256 dimensions, about
   * 10 ms). Beyond, only the lexical candidates are scored by cosine, so a query stays fast at 100k tickets.
   */
  readonly fullScanBudget?: number;
}

export interface EmbeddingStatus {
  readonly model: string;
  /** Tickets whose vector for their current text is in this instance's index. */
  readonly vectors: number;
  /** Tickets waiting for a vector (being embedded here or by another instance, or to be retried). */
  readonly pending: number;
}

/** Vectors read per catch-up query. */
const PAGE = 2_000;
/** Query vectors kept by text hash, so the triaged ticket's background embedding reuses the one its search made. */
const RECENT_QUERIES = 256;
/** Vectors read before this instance saw their ticket's new text, kept until it does (bounded). */
const UNMATCHED = 10_000;

/** Hash of the redacted text a vector was made from: a changed text needs a new vector. */
export function embeddingTextHash(text: string): string {
  return sha256Hex(text).slice(0, 32);
}

function embeddingErrorCode(error: unknown): string {
  return errorCode(error) ?? 'EMBEDDING_FAILED';
}

/** A ticket waiting for a vector: only the hash is kept (the text is read from the store when its turn comes). */
interface Pending {
  hash: string;
  retryAt: number;
  /** Sent alone after its batch was refused for its content, so one bad ticket cannot hold back the rest. */
  solo?: boolean;
  /** Refusals of this ticket alone: its own backoff grows with them. */
  refusals?: number;
}

/** Refused for what was sent (too long, not redacted), not because the endpoint is down: the LLM errors' own
 * `countsAgainstEndpoint` tells them apart. Retrying the same batch would fail the same way. */
function isContentRefusal(error: unknown): boolean {
  return isLlmError(error) && !error.countsAgainstEndpoint;
}

/**
 * The dense side of similar search. Keeps a DenseIndex of stored vectors for one model, current by polling the
 * store (vectors made by other instances arrive like tickets do), and embeds in the background, in bounded batches,
 * the redacted text of every ticket that has no vector for its current text: the backfill at start and new tickets
 * as they come. Instances claim texts in the store first, so each is embedded once. A failure is logged by code and
 * retried after a backoff; meanwhile search stays lexical for the tickets without a vector.
 */
export class EmbeddingSync {
  private dense: DenseIndex | null = null;
  /** Hash of each ticket's current text (what its vector must match). */
  private readonly currentHash = new Map<string, string>();
  /** Hash of the text behind each vector in `dense`. */
  private readonly vectorHash = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();
  private readonly recentQueries = new Map<string, Float32Array>();
  /** Vectors for a text this instance has not seen yet (the ticket changed again meanwhile): catch-up passed them. */
  private readonly unmatched = new Map<string, EmbeddingWrite>();
  private lastSeq = 0;
  private failures = 0;
  private pausedUntil = 0;
  private queryCooldownUntil = 0;
  private queriesInFlight = 0;
  private running = false;
  private pumping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private readonly catchingUp = new SharedRun(() => this.catchUp());
  private readonly options: Required<EmbeddingSyncOptions>;

  constructor(
    private readonly store: TicketStore & EmbeddingStore,
    private readonly embedder: Embedder,
    private readonly logger: Logger,
    options: EmbeddingSyncOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? 32,
      batchIntervalMs: options.batchIntervalMs ?? 100,
      leaseMs: options.leaseMs ?? 60_000,
      queryTimeoutMs: options.queryTimeoutMs ?? 300,
      maxQueriesInFlight: options.maxQueriesInFlight ?? 8,
      queryCooldownMs: options.queryCooldownMs ?? 10_000,
      retryBaseMs: options.retryBaseMs ?? 2_000,
      retryMaxMs: options.retryMaxMs ?? 300_000,
      owner: options.owner ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      fullScanBudget: options.fullScanBudget ?? 4_000_000,
    };
  }

  get model(): string {
    return this.embedder.model;
  }

  /**
   * Estimated heap bytes: the dense index, the two text-hash maps (per entry a map entry, a 64-character hex hash and
   * an id of up to 16 characters) and the recent query vectors. Pending and unmatched texts are left out: bounded and
   * short-lived.
   */
  residentBytes(): number {
    const dense = this.dense?.residentBytes ?? 0;
    const hashEntry = MAP_ENTRY_BYTES + stringBytes('0'.repeat(64)) + stringBytes('0'.repeat(16));
    const recent = [...this.recentQueries.values()].reduce((sum, vector) => sum + vector.byteLength, 0);
    return dense + (this.currentHash.size + this.vectorHash.size) * hashEntry + recent;
  }

  status(): EmbeddingStatus {
    return { model: this.embedder.model, vectors: this.dense?.size ?? 0, pending: this.pending.size };
  }

  /** A ticket's current redacted text: queued for embedding unless its vector for this text is known. */
  noteTicket(id: string, text: string): void {
    const hash = embeddingTextHash(text);
    this.currentHash.set(id, hash);
    const early = this.unmatched.get(id);
    if (early) {
      this.unmatched.delete(id);
      if (early.textHash === hash) this.accept(early);
    }
    if (this.vectorHash.get(id) === hash) {
      this.pending.delete(id);
      return;
    }
    if (this.vectorHash.delete(id)) this.dense?.remove(id);
    this.pending.set(id, { hash, retryAt: 0 });
    this.kick();
  }

  /** Reads the vectors stored since the last one seen; concurrent callers share one run. */
  refresh(): Promise<void> {
    return this.catchingUp.run();
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.store.embeddingsChangedSince(this.embedder.model, this.lastSeq, PAGE);
      for (const row of rows) {
        this.lastSeq = Math.max(this.lastSeq, row.seq);
        this.accept(row);
      }
      if (rows.length < PAGE) return;
    }
  }

  /** Takes a vector into the index unless it was made from an older text of the ticket. */
  private accept(row: EmbeddingWrite): void {
    const current = this.currentHash.get(row.ticketId);
    if (current !== undefined && current !== row.textHash) {
      // Older than the text seen here (stale), or newer (this instance sees the new text at its next poll).
      this.unmatched.delete(row.ticketId);
      this.unmatched.set(row.ticketId, row);
      if (this.unmatched.size > UNMATCHED) this.unmatched.delete(this.unmatched.keys().next().value!);
      return;
    }
    if (!this.dense) this.dense = new DenseIndex(row.vector.length);
    if (row.vector.length !== this.dense.dimensions) {
      this.logger.warn(
        {
          code: 'EMBEDDING_DIMENSIONS',
          model: this.embedder.model,
          dimensions: row.vector.length,
          expected: this.dense.dimensions,
        },
        'stored vector has other dimensions; ignored',
      );
      return;
    }
    this.dense.add(row.ticketId, row.vector);
    this.vectorHash.set(row.ticketId, row.textHash);
    if (this.pending.get(row.ticketId)?.hash === row.textHash) this.pending.delete(row.ticketId);
  }

  /**
   * The vector for a search: the stored one when `ticketId` has a vector for exactly this text, else one embedded
   * now within the query deadline. Null (the search stays lexical) on any failure, timeout or when busy.
   */
  async queryVector(text: string, ticketId?: string): Promise<Float32Array | null> {
    if (!this.dense || this.dense.size === 0) return null;
    if (ticketId !== undefined && this.vectorHash.get(ticketId) === embeddingTextHash(text))
      return this.dense.get(ticketId) ?? null;
    // A search box query is the agent's raw text: only its redacted form may leave the machine (ticket texts are
    // redacted already and come out the same, so a triaged ticket's query vector matches its stored text's hash).
    const outgoing = redact(text).redacted;
    const hash = embeddingTextHash(outgoing);
    const recent = this.recentQueries.get(hash);
    if (recent) return recent;
    if (Date.now() < this.queryCooldownUntil || this.queriesInFlight >= this.options.maxQueriesInFlight) return null;
    this.queriesInFlight++;
    const deadline = AbortSignal.timeout(this.options.queryTimeoutMs);
    try {
      const [vector] = await this.embedder.embed([outgoing], deadline);
      if (!vector || vector.length !== this.dense.dimensions)
        throw Object.assign(new Error('query vector has other dimensions'), { code: 'EMBEDDING_DIMENSIONS' });
      this.remember(hash, vector);
      return vector;
    } catch (error) {
      this.queryCooldownUntil = Date.now() + this.options.queryCooldownMs;
      const code = deadline.aborted ? 'EMBEDDING_QUERY_TIMEOUT' : embeddingErrorCode(error);
      this.logger.warn(
        { code, model: this.embedder.model, timeoutMs: this.options.queryTimeoutMs },
        'query embedding failed; similar search answers lexically for now',
      );
      return null;
    } finally {
      this.queriesInFlight--;
    }
  }

  /**
   * Ticket ids by cosine similarity to `vector`, best first: the `limit` nearest of all while a full scan is cheap,
   * else the `candidates` (the lexical ones) re-ranked.
   */
  search(vector: Float32Array, limit: number, candidates: readonly string[]): { id: string; score: number }[] {
    if (!this.dense) return [];
    if (this.dense.size * this.dense.dimensions <= this.options.fullScanBudget) return this.dense.search(vector, limit);
    return this.dense.similarities(vector, candidates).slice(0, limit);
  }

  private remember(hash: string, vector: Float32Array): void {
    this.recentQueries.delete(hash);
    this.recentQueries.set(hash, vector);
    if (this.recentQueries.size > RECENT_QUERIES) this.recentQueries.delete(this.recentQueries.keys().next().value!);
  }

  /** Starts the background embedding (after the first catch-up, so stored vectors are not made again). */
  start(): void {
    this.running = true;
    this.kick();
  }

  private kick(delayMs = 0): void {
    if (!this.running || this.pumping) return;
    const at = Date.now() + delayMs;
    if (this.timer) {
      if (this.timerAt <= at) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pumping = this.pump().finally(() => {
        this.pumping = null;
        // Tickets noted while the last batch ran, retries and claims that expire: come back when one is due.
        const delay = this.nextDelay();
        if (delay !== null) this.kick(delay);
      });
    }, delayMs);
    this.timer.unref();
  }

  private nextDelay(): number | null {
    if (this.pending.size === 0) return null;
    let next = Infinity;
    for (const item of this.pending.values()) next = Math.min(next, item.retryAt);
    return Math.max(0, next - Date.now(), this.pausedUntil - Date.now());
  }

  private dueBatch(now: number): [string, Pending][] {
    const batch: [string, Pending][] = [];
    for (const entry of this.pending) {
      if (entry[1].retryAt > now) continue;
      if (entry[1].solo) {
        if (batch.length === 0) return [entry];
        continue;
      }
      batch.push(entry);
      if (batch.length >= this.options.batchSize) break;
    }
    return batch;
  }

  /** Embeds due batches one at a time until none is due (or a failure pauses the work). */
  private async pump(): Promise<void> {
    while (this.running && Date.now() >= this.pausedUntil) {
      const batch = this.dueBatch(Date.now());
      if (batch.length === 0) return;
      try {
        await this.embedBatch(batch);
        this.failures = 0;
      } catch (error) {
        if (isContentRefusal(error)) {
          // The endpoint works but refused what was sent: split the batch; a ticket refused alone backs off alone.
          if (batch.length > 1) {
            for (const [, item] of batch) item.solo = true;
          } else {
            const item = batch[0]![1];
            item.refusals = (item.refusals ?? 0) + 1;
            item.retryAt = Date.now() + Math.min(24 * 3600_000, this.options.retryMaxMs * 2 ** (item.refusals - 1));
          }
          this.logger.warn(
            { code: embeddingErrorCode(error), model: this.embedder.model, tickets: batch.length },
            batch.length > 1
              ? 'embedding batch refused; sending its tickets one by one'
              : 'embedding refused for one ticket; it waits, the others go on',
          );
          continue;
        }
        this.failures++;
        const retryInMs = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (this.failures - 1));
        this.pausedUntil = Date.now() + retryInMs;
        this.logger.warn(
          { code: embeddingErrorCode(error), model: this.embedder.model, tickets: batch.length, retryInMs },
          'embedding tickets failed; retrying later',
        );
        return;
      }
      if (this.options.batchIntervalMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.options.batchIntervalMs).unref());
    }
  }

  private async embedBatch(batch: readonly [string, Pending][]): Promise<void> {
    const model = this.embedder.model;
    // The stored (redacted) text, read now: holding every pending text in memory would cost as much as the tickets.
    const tickets = await Promise.all(batch.map(([id]) => this.store.getTicket(id)));
    const targets: { ticketId: string; textHash: string; text: string }[] = [];
    batch.forEach(([ticketId, item], position) => {
      const ticket = tickets[position];
      if (!ticket) {
        this.pending.delete(ticketId);
        return;
      }
      // A newer text than the one noted: embed what is stored (the next poll notes the same hash).
      item.hash = embeddingTextHash(ticket.text);
      targets.push({ ticketId, textHash: item.hash, text: ticket.text });
    });
    const claimed = new Set(
      await this.store.claimEmbeddings(
        model,
        targets.map(({ ticketId, textHash }) => ({ ticketId, textHash })),
        this.options.owner,
        this.options.leaseMs,
      ),
    );
    // Not claimed: stored already or in another instance's hands; its vector arrives by polling, else the claim expires.
    for (const [id, item] of batch) if (!claimed.has(id)) item.retryAt = Date.now() + this.options.leaseMs;
    const mine = targets.filter((target) => claimed.has(target.ticketId));
    if (mine.length === 0) return;
    const vectors: (Float32Array | undefined)[] = mine.map((target) => this.recentQueries.get(target.textHash));
    const missing = mine.flatMap((target, index) => (vectors[index] ? [] : [{ index, text: target.text }]));
    if (missing.length > 0) {
      const made = await this.embedder.embed(missing.map((entry) => entry.text));
      missing.forEach((entry, position) => (vectors[entry.index] = made[position]));
    }
    const dimensions = this.dense?.dimensions ?? vectors[0]?.length ?? 0;
    if (vectors.some((vector) => !vector || vector.length !== dimensions || dimensions === 0)) {
      throw Object.assign(new Error('embedding vectors of other dimensions than the stored ones'), {
        code: 'EMBEDDING_DIMENSIONS',
      });
    }
    const writes: EmbeddingWrite[] = mine.map((target, index) => ({
      ticketId: target.ticketId,
      textHash: target.textHash,
      vector: vectors[index]!,
    }));
    await this.store.saveEmbeddings(model, writes);
    for (const write of writes) this.accept(write);
  }

  /** Stops the background work and waits for a batch and a catch-up in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pumping?.catch(() => undefined);
    await this.catchingUp.settled();
  }
}
