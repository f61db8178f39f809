import type { FeedbackEvent, TriageResult } from '../../src/contract/index.ts';
import { batchedRead } from './batched-read.ts';
import { DEFAULT_POOL_SIZE } from './pg-client.ts';
import { StorageUnavailableError } from './errors.ts';
import * as budget from './budget-queries.ts';
import * as embeddings from './embedding-queries.ts';
import * as installations from './installation-queries.ts';
import * as jobs from './job-queries.ts';
import { migrate } from './migrations.ts';
import * as results from './result-queries.ts';
import type { SqlClient } from './sql-client.ts';
import type {
  EmbeddingTarget,
  EmbeddingWrite,
  ModelRecord,
  SpendKey,
  SpendLimits,
  Store,
  StoredResult,
  TicketWrite,
  TriageWrite,
} from './store.ts';
import * as tickets from './ticket-queries.ts';
import * as triage from './triage-queries.ts';

/**
 * Reads are retried once on a connection failure: after the server dropped our connections the pool
 * may hand out one it has not noticed is dead yet. Writes are not retried here (the caller decides).
 */
async function readWithRetry<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error;
    return read();
  }
}

/** Stored-result lookup statements a PostgreSQL store runs at once (see batchedRead), at most half its pool. */
const RESULT_LOOKUPS_IN_FLIGHT = 4;

export interface SqlStoreOptions {
  /** Connections the client may open (PostgreSQL's pool size); bounds the lookups run at once. */
  readonly connections?: number;
}

/** The one Store: the same SQL on PGlite and PostgreSQL, through a SqlClient. */
export class SqlStore implements Store {
  readonly engine: 'pglite' | 'postgres';
  readonly #client: SqlClient;
  readonly #findResult: (key: results.ResultKey) => Promise<StoredResult | null>;

  constructor(client: SqlClient, options: SqlStoreOptions = {}) {
    this.#client = client;
    this.engine = client.engine;
    // Stored-result lookups are the one read every triage request makes: concurrent ones share a statement.
    // PGlite runs one statement at a time anyway; PostgreSQL keeps the rest of the pool for writes and other reads.
    this.#findResult = batchedRead(
      (keys: readonly results.ResultKey[]) => readWithRetry(() => results.findResults(client, keys)),
      {
        maxInFlight:
          client.engine === 'pglite'
            ? 1
            : Math.max(
                1,
                Math.min(RESULT_LOOKUPS_IN_FLIGHT, Math.floor((options.connections ?? DEFAULT_POOL_SIZE) / 2)),
              ),
        maxBatchSize: 500,
      },
    );
  }

  async migrate(): Promise<void> {
    await migrate(this.#client);
  }

  async ping(): Promise<void> {
    await readWithRetry(() => this.#client.query('SELECT 1'));
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  upsertTickets(writes: readonly TicketWrite[]) {
    return tickets.upsertTickets(this.#client, writes);
  }

  getTicket(id: string) {
    return readWithRetry(() => tickets.getTicket(this.#client, id));
  }

  ticketsChangedSince(seq: number, limit: number) {
    return readWithRetry(() => tickets.ticketsChangedSince(this.#client, seq, limit));
  }

  countTickets() {
    return readWithRetry(() => tickets.countTickets(this.#client));
  }

  labelledTickets() {
    return readWithRetry(() => tickets.labelledTickets(this.#client));
  }

  findResult(ticketId: string, textHash: string) {
    return this.#findResult({ ticketId, textHash });
  }

  saveTriage(write: TriageWrite, result: TriageResult) {
    return triage.saveTriage(this.#client, write, result);
  }

  saveResult(result: TriageResult) {
    return results.saveResult(this.#client, result);
  }

  appendFeedback(event: FeedbackEvent) {
    return results.appendFeedback(this.#client, event);
  }

  latestVerdict(ticketId: string) {
    return readWithRetry(() => results.latestVerdict(this.#client, ticketId));
  }

  reviewQueue(limit: number) {
    return readWithRetry(() => results.reviewQueue(this.#client, limit));
  }

  saveModel(record: ModelRecord) {
    return results.saveModel(this.#client, record);
  }

  latestModel() {
    return readWithRetry(() => results.latestModel(this.#client));
  }

  modelByVersion(version: string) {
    return readWithRetry(() => results.modelByVersion(this.#client, version));
  }

  listModels() {
    return readWithRetry(() => results.listModels(this.#client));
  }

  enqueueJob(kind: string, payload: unknown, options?: { dedupeKey?: string; maxAttempts?: number }) {
    return jobs.enqueueJob(this.#client, kind, payload, options);
  }

  claimJob(kinds: readonly string[], workerId: string, leaseMs: number) {
    return jobs.claimJob(this.#client, kinds, workerId, leaseMs);
  }

  completeJob(id: string) {
    return jobs.completeJob(this.#client, id);
  }

  failJob(id: string, error: string, options?: { retryInMs?: number }) {
    return jobs.failJob(this.#client, id, error, options);
  }

  extendLease(id: string, workerId: string, leaseMs: number) {
    return jobs.extendLease(this.#client, id, workerId, leaseMs);
  }

  getJob(id: string) {
    return readWithRetry(() => jobs.getJob(this.#client, id));
  }

  feedbackCounts(since: string | null) {
    return readWithRetry(() => results.feedbackCounts(this.#client, since));
  }

  lastJobFailure(kind: string) {
    return readWithRetry(() => jobs.lastJobFailure(this.#client, kind));
  }

  pruneJobs(before: string) {
    return jobs.pruneJobs(this.#client, before);
  }

  reserveLlmCall(key: SpendKey, limits: SpendLimits) {
    return budget.reserveLlmCall(this.#client, key, limits);
  }

  settleLlmCall(key: SpendKey, usd: number) {
    return budget.settleLlmCall(this.#client, key, usd);
  }

  llmSpend(key: SpendKey) {
    return readWithRetry(() => budget.llmSpend(this.#client, key));
  }

  claimEmbeddings(model: string, targets: readonly EmbeddingTarget[], owner: string, leaseMs: number) {
    return embeddings.claimEmbeddings(this.#client, model, targets, owner, leaseMs);
  }

  saveEmbeddings(model: string, writes: readonly EmbeddingWrite[]) {
    return embeddings.saveEmbeddings(this.#client, model, writes);
  }

  embeddingsChangedSince(model: string, seq: number, limit: number) {
    return readWithRetry(() => embeddings.embeddingsChangedSince(this.#client, model, seq, limit));
  }

  // The installation registry (not scoped to an installation: it is the list of them).

  addInstallation(record: { id: string; subdomain: string; secrets: string; settings?: Record<string, unknown> }) {
    return installations.addInstallation(this.#client, record);
  }

  getInstallation(id: string) {
    return readWithRetry(() => installations.getInstallation(this.#client, id));
  }

  installationBySubdomain(subdomain: string) {
    return readWithRetry(() => installations.installationBySubdomain(this.#client, subdomain));
  }

  listInstallations() {
    return readWithRetry(() => installations.listInstallations(this.#client));
  }

  updateInstallationSecrets(id: string, secrets: string) {
    return installations.updateInstallationSecrets(this.#client, id, secrets);
  }

  removeInstallation(id: string) {
    return installations.removeInstallation(this.#client, id);
  }

  installationsMarker() {
    return readWithRetry(() => installations.installationsMarker(this.#client));
  }
}
