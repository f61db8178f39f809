import type { FeedbackEvent, TriageResult } from '../../src/contract/index.ts';
import { batchedRead } from './batched-read.ts';
import { DEFAULT_POOL_SIZE } from './pg-client.ts';
import * as budget from './budget-queries.ts';
import * as embeddings from './embedding-queries.ts';
import * as cursors from './import-cursor-queries.ts';
import * as installations from './installation-queries.ts';
import * as jobs from './job-queries.ts';
import { migrate } from './migrations.ts';
import * as results from './result-queries.ts';
import { ALL_INSTALLATIONS, NO_INSTALLATION, type SqlClient } from './sql-client.ts';
import {
  DEFAULT_INSTALLATION_ID,
  type EmbeddingTarget,
  type EmbeddingWrite,
  type InstallationDataKind,
  type InstallationStore,
  type ModelRecord,
  type SpendKey,
  type SpendLimits,
  type Store,
  type StoredResult,
  type TicketWrite,
  type TriageWrite,
} from './store.ts';
import * as tickets from './ticket-queries.ts';
import * as triage from './triage-queries.ts';

/** Stored-result lookup statements a PostgreSQL store runs at once (see batchedRead), at most half its pool. */
const RESULT_LOOKUPS_IN_FLIGHT = 4;

export interface SqlStoreOptions {
  /** Connections the client may open (PostgreSQL's pool size); bounds the lookups run at once. */
  readonly connections?: number;
}

interface ScopedResultKey extends results.ResultKey {
  readonly installation: string;
}

/** What every installation's store shares: the database client and the batched stored-result lookup. */
interface Shared {
  readonly client: SqlClient;
  readonly findResult: (key: ScopedResultKey) => Promise<StoredResult | null>;
}

/**
 * A batch of lookups as one statement per installation in it (one, with a single installation), each in its own
 * installation's row-level security scope; the answers in the keys' order.
 */
async function findScopedResults(
  client: SqlClient,
  keys: readonly ScopedResultKey[],
): Promise<(StoredResult | null)[]> {
  const byInstallation = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const positions = byInstallation.get(key.installation);
    if (positions) positions.push(index);
    else byInstallation.set(key.installation, [index]);
  });
  const found: (StoredResult | null)[] = new Array<StoredResult | null>(keys.length).fill(null);
  await Promise.all(
    [...byInstallation].map(async ([installation, positions]) => {
      const scoped = client.scoped(installation);
      // The client runs a read again when a pooled connection turned out dead (see openPostgres).
      const answers = await results.findResults(
        scoped,
        installation,
        positions.map((index) => keys[index]!),
      );
      positions.forEach((index, at) => (found[index] = answers[at] ?? null));
    }),
  );
  return found;
}

function shared(client: SqlClient, options: SqlStoreOptions): Shared {
  return {
    client,
    // Stored-result lookups are the one read every triage request makes: concurrent ones share a statement.
    // PGlite runs one statement at a time anyway; PostgreSQL keeps the rest of the pool for writes and other reads.
    findResult: batchedRead((keys: readonly ScopedResultKey[]) => findScopedResults(client, keys), {
      maxInFlight:
        client.engine === 'pglite'
          ? 1
          : Math.max(1, Math.min(RESULT_LOOKUPS_IN_FLIGHT, Math.floor((options.connections ?? DEFAULT_POOL_SIZE) / 2))),
      maxBatchSize: 500,
    }),
  };
}

/** What deleteInstallationData empties, in an order that deletes dependents first. */
const INSTALLATION_TABLES: readonly (readonly [InstallationDataKind, string])[] = [
  ['feedback', 'feedback'],
  ['results', 'triage_results'],
  ['embeddings', 'ticket_embeddings'],
  ['tickets', 'tickets'],
  ['models', 'models'],
  ['jobs', 'jobs'],
  // Counted with the jobs they made.
  ['jobs', 'webhook_events'],
  ['spend', 'llm_budget'],
  ['cursors', 'import_cursors'],
];

/**
 * One installation's store: every statement names the installation (the application's wall) and runs in its
 * row-level security scope (PostgreSQL's wall beneath it, see migration 7). Only the worker's side of the job queue
 * runs across installations (see JobStore).
 */
class SqlInstallationStore implements InstallationStore {
  readonly installation: string;
  readonly #shared: Shared;
  /** Statements in this installation's scope. */
  readonly #client: SqlClient;
  /** Statements spanning installations: the job queue's worker side. */
  readonly #everyInstallation: SqlClient;

  constructor(installation: string, parts: Shared) {
    this.installation = installation;
    this.#shared = parts;
    this.#client = parts.client.scoped(installation);
    this.#everyInstallation = parts.client.scoped(ALL_INSTALLATIONS);
  }

  protected get shared(): Shared {
    return this.#shared;
  }

  async deleteInstallationData(): Promise<Record<InstallationDataKind, number>> {
    return this.#client.transaction(async (tx) => {
      const counts = { tickets: 0, results: 0, feedback: 0, models: 0, jobs: 0, embeddings: 0, spend: 0, cursors: 0 };
      for (const [kind, table] of INSTALLATION_TABLES) {
        const { rowCount } = await tx.query(`DELETE FROM ${table} WHERE installation_id = $1`, [this.installation]);
        counts[kind] += rowCount;
      }
      return counts;
    });
  }

  upsertTickets(writes: readonly TicketWrite[]) {
    return tickets.upsertTickets(this.#client, this.installation, writes);
  }

  getTicket(id: string) {
    return tickets.getTicket(this.#client, this.installation, id);
  }

  ticketsChangedSince(seq: number, limit: number) {
    return tickets.ticketsChangedSince(this.#client, this.installation, seq, limit);
  }

  countTickets() {
    return tickets.countTickets(this.#client, this.installation);
  }

  labelledTickets() {
    return tickets.labelledTickets(this.#client, this.installation);
  }

  findResult(ticketId: string, textHash: string) {
    return this.#shared.findResult({ installation: this.installation, ticketId, textHash });
  }

  saveTriage(write: TriageWrite, result: TriageResult) {
    return triage.saveTriage(this.#client, this.installation, write, result);
  }

  saveResult(result: TriageResult) {
    return results.saveResult(this.#client, this.installation, result);
  }

  appendFeedback(event: FeedbackEvent) {
    return results.appendFeedback(this.#client, this.installation, event);
  }

  latestVerdict(ticketId: string) {
    return results.latestVerdict(this.#client, this.installation, ticketId);
  }

  reviewQueue(limit: number) {
    return results.reviewQueue(this.#client, this.installation, limit);
  }

  saveModel(record: ModelRecord) {
    return results.saveModel(this.#client, this.installation, record);
  }

  latestModel() {
    return results.latestModel(this.#client, this.installation);
  }

  modelByVersion(version: string) {
    return results.modelByVersion(this.#client, this.installation, version);
  }

  listModels() {
    return results.listModels(this.#client, this.installation);
  }

  enqueueJob(kind: string, payload: unknown, options?: { dedupeKey?: string; maxAttempts?: number }) {
    return jobs.enqueueJob(this.#client, this.installation, kind, payload, options);
  }

  enqueueEventJob(eventId: string, kind: string, payload: unknown, options?: { maxAttempts?: number }) {
    return jobs.enqueueEventJob(this.#client, this.installation, eventId, kind, payload, options);
  }

  claimJob(kinds: readonly string[], workerId: string, leaseMs: number) {
    return jobs.claimJob(this.#everyInstallation, kinds, workerId, leaseMs);
  }

  completeJob(id: string) {
    return jobs.completeJob(this.#everyInstallation, id);
  }

  failJob(id: string, error: string, options?: { retryInMs?: number }) {
    return jobs.failJob(this.#everyInstallation, id, error, options);
  }

  releaseLeases() {
    return jobs.releaseLeases(this.#everyInstallation);
  }

  extendLease(id: string, workerId: string, leaseMs: number) {
    return jobs.extendLease(this.#everyInstallation, id, workerId, leaseMs);
  }

  setJobProgress(id: string, progress: unknown) {
    return jobs.setJobProgress(this.#everyInstallation, id, progress);
  }

  getJob(id: string) {
    return jobs.getJob(this.#client, this.installation, id);
  }

  feedbackCounts(since: string | null) {
    return results.feedbackCounts(this.#client, this.installation, since);
  }

  lastJobFailure(kind: string) {
    return jobs.lastJobFailure(this.#client, this.installation, kind);
  }

  pruneJobs(before: string) {
    return jobs.pruneJobs(this.#everyInstallation, before);
  }

  reserveLlmCall(key: SpendKey, limits: SpendLimits) {
    return budget.reserveLlmCall(this.#client, this.installation, key, limits);
  }

  settleLlmCall(key: SpendKey, usd: number) {
    return budget.settleLlmCall(this.#client, this.installation, key, usd);
  }

  llmSpend(key: SpendKey) {
    return budget.llmSpend(this.#client, this.installation, key);
  }

  claimEmbeddings(model: string, targets: readonly EmbeddingTarget[], owner: string, leaseMs: number) {
    return embeddings.claimEmbeddings(this.#client, this.installation, model, targets, owner, leaseMs);
  }

  saveEmbeddings(model: string, writes: readonly EmbeddingWrite[]) {
    return embeddings.saveEmbeddings(this.#client, this.installation, model, writes);
  }

  embeddingsChangedSince(model: string, seq: number, limit: number) {
    return embeddings.embeddingsChangedSince(this.#client, this.installation, model, seq, limit);
  }

  importCursor(source: string) {
    return cursors.importCursor(this.#client, this.installation, source);
  }

  saveImportCursor(source: string, cursor: string) {
    return cursors.saveImportCursor(this.#client, this.installation, source, cursor);
  }
}

/** Refuses what cannot be an installation's id: the empty scope (no rows) and the scope spanning every installation. */
export function checkInstallationId(id: string): string {
  if (id === NO_INSTALLATION || id === ALL_INSTALLATIONS || id.trim() !== id)
    throw new RangeError(`not an installation id: ${JSON.stringify(id)}`);
  return id;
}

/** The one Store: the same SQL on PGlite and PostgreSQL, through a SqlClient. Its own roles are 'default''s. */
export class SqlStore extends SqlInstallationStore implements Store {
  readonly engine: 'pglite' | 'postgres';

  constructor(client: SqlClient, options: SqlStoreOptions = {}) {
    super(DEFAULT_INSTALLATION_ID, shared(client, options));
    this.engine = client.engine;
  }

  forInstallation(id: string): InstallationStore {
    if (id === this.installation) return this;
    return new SqlInstallationStore(checkInstallationId(id), this.shared);
  }

  async migrate(): Promise<void> {
    // It takes the scope spanning installations for its own transaction.
    await migrate(this.shared.client);
  }

  async ping(): Promise<void> {
    await this.shared.client.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.shared.client.close();
  }

  // The installation registry (not scoped to an installation: it is the list of them).

  addInstallation(record: { id: string; subdomain: string; secrets: string; settings?: Record<string, unknown> }) {
    return installations.addInstallation(this.shared.client, record);
  }

  getInstallation(id: string) {
    return installations.getInstallation(this.shared.client, id);
  }

  installationBySubdomain(subdomain: string) {
    return installations.installationBySubdomain(this.shared.client, subdomain);
  }

  listInstallations() {
    return installations.listInstallations(this.shared.client);
  }

  updateInstallationSecrets(id: string, secrets: string) {
    return installations.updateInstallationSecrets(this.shared.client, id, secrets);
  }
  updateInstallationSettings(id: string, settings: Record<string, unknown>) {
    return installations.updateInstallationSettings(this.shared.client, id, settings);
  }

  removeInstallation(id: string) {
    return installations.removeInstallation(this.shared.client, id);
  }

  installationsMarker() {
    return installations.installationsMarker(this.shared.client);
  }
}
