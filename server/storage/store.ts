import type { FeedbackEvent, TicketStatus, TicketVerdict, TriageResult } from '../../src/contract/index.ts';
import type { ReviewItem as ContractReviewItem } from '../../src/contract/index.ts';

/**
 * The storage seam shared by the HTTP server, jobs and CLI. One implementation runs the same SQL on
 * PGlite (embedded, DATA_DIR) and PostgreSQL (DATABASE_URL). Only redacted text ever reaches it.
 * Every row belongs to an installation: a store reads and writes only its installation's rows (InstallationStore).
 */

/** The zero-config installation: the root store's, and the owner of data written before installations existed. */
export const DEFAULT_INSTALLATION_ID = 'default';

/** A stored triage result that fits the contract, as JSON text: sent as it is, parsed where an object is needed (parseStoredResult). */
export interface StoredResult {
  readonly json: string;
}

/** A ticket as written: redacted text only. */
export interface TicketWrite {
  readonly id: string;
  /** Redacted subject. */
  readonly subject: string;
  /** Redacted model text (subject, description, requester comments). */
  readonly text: string;
  /** Current label: the imported one, the accepted suggestion, or the latest correction. Null when unknown. */
  readonly label: string | null;
  readonly urgency: string | null;
  readonly status: TicketStatus | null;
  /** ISO time the ticket was created in Zendesk (or imported). */
  readonly createdAt: string | null;
  readonly source: 'import' | 'triage';
}

/** A ticket as stored. */
export interface StoredTicket extends Omit<TicketWrite, 'source'> {
  /** Monotonic change number: in-process indexes catch up with `ticketsChangedSince`. */
  readonly seq: number;
}

/**
 * What triaging a ticket writes beside its result, with a triage's meaning for the fields: `label` and `urgency` are
 * the applied ones (an auto decision, else null) and are stored only where the ticket has none yet; `status` and
 * `createdAt` are what the request says, null keeping the stored value (or 'new' and the result's time for a ticket
 * not stored yet).
 */
export type TriageWrite = Omit<TicketWrite, 'source'>;

/** One row of training data: a redacted text and its label. */
export interface LabelledRow {
  readonly id: string;
  readonly text: string;
  readonly label: string;
  readonly urgency: string | null;
  readonly createdAt: string | null;
}

export interface ModelRecord {
  readonly version: string;
  readonly createdAt: string;
  /** Held-out metrics measured when it was trained. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Only a promoted model serves; a new one is promoted when it is no worse on the held-out set. */
  readonly promoted: boolean;
  /** The serialized model (JSON text). */
  readonly artifact: string;
}

export type ModelSummary = Omit<ModelRecord, 'artifact'>;

/** A row of the review queue, as the contract's ReviewItem. */
export type ReviewItem = Readonly<ContractReviewItem>;

export interface Job {
  readonly id: string;
  /** Whose job it is: the worker runs it against `store.forInstallation(job.installation)`. */
  readonly installation: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly attempts: number;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/** A job as stored, for status pages and tests. */
export interface JobRecord extends Job {
  readonly status: JobStatus;
  readonly dedupeKey: string | null;
  readonly maxAttempts: number;
  readonly lockedBy: string | null;
  readonly lastError: string | null;
  /** What the job last reported of itself (counts, never ticket text); null until it reports. */
  readonly progress: unknown;
}

/** The LLM spend of one UTC day (YYYY-MM-DD); the installation is the store's, so no store charges another's. */
export interface SpendKey {
  readonly day: string;
}

/** Daily limits; null means no limit of that kind. */
export interface SpendLimits {
  readonly calls: number | null;
  readonly usd: number | null;
}

/** A ticket's redacted text to embed, named by the hash of that text. */
export interface EmbeddingTarget {
  readonly ticketId: string;
  readonly textHash: string;
}

export interface EmbeddingWrite extends EmbeddingTarget {
  readonly vector: Float32Array;
}

/** A stored vector; `seq` orders changes so in-process indexes catch up with `embeddingsChangedSince`. */
export interface StoredEmbedding extends EmbeddingWrite {
  readonly seq: number;
}

/** Tickets as imported and triaged: redacted text, the current label, and a change number for catch-up readers. */
export interface TicketStore {
  /** Insert or update by id, in one transaction per call; each write takes a new `seq`. */
  upsertTickets(tickets: readonly TicketWrite[]): Promise<{ inserted: number; updated: number; unchanged: number }>;
  getTicket(id: string): Promise<StoredTicket | null>;
  /** Tickets whose seq is greater than `seq`, ascending, at most `limit`. */
  ticketsChangedSince(seq: number, limit: number): Promise<StoredTicket[]>;
  countTickets(): Promise<number>;
  /**
   * Every ticket with a label a person gave (imported, accepted or corrected), oldest first: the training set. A label
   * the app applied on its own (an `auto` decision no one has confirmed) is left out, so the model never learns from
   * its own unchecked answers, and the readiness report never scores them as right.
   */
  labelledTickets(): Promise<LabelledRow[]>;
}

/** Triage results, keyed by ticket and text hash, and the queue of those waiting for a human. */
export interface ResultStore {
  /**
   * A triaged ticket and its result, together in one transaction: the ticket is inserted or updated as TriageWrite
   * says (a new `seq` when it changed) and the result replaces one saved for the same text hash. Returns the ticket
   * as stored.
   */
  saveTriage(write: TriageWrite, result: TriageResult): Promise<StoredTicket>;

  /** The stored result for this ticket and text hash, if any that fits the contract (see result-shape.ts). */
  findResult(ticketId: string, textHash: string): Promise<StoredResult | null>;
  saveResult(result: TriageResult): Promise<void>;
  /** Latest results decided `review` with no feedback yet, newest first. */
  reviewQueue(limit: number): Promise<{ items: ReviewItem[]; total: number }>;
}

/** The agents' verdicts on results: append-only events. */
export interface FeedbackStore {
  /** Append-only and idempotent on `idempotencyKey`; a `correct` relabels the ticket in the same transaction. */
  appendFeedback(event: FeedbackEvent): Promise<{ id: string; duplicate: boolean }>;
  /** The ticket's latest accept, reject or correct (newest recorded), or null when nobody answered it yet. */
  latestVerdict(ticketId: string): Promise<TicketVerdict | null>;
  /** Feedback events recorded after `since` (all when null), counted by kind: the agents' verdicts on the results. */
  feedbackCounts(since: string | null): Promise<Record<'accept' | 'reject' | 'correct' | 'like' | 'dislike', number>>;
}

/** Trained model versions; the newest promoted one serves. */
export interface ModelStore {
  saveModel(record: ModelRecord): Promise<void>;
  latestModel(): Promise<ModelRecord | null>;
  /** A stored model by version, promoted or not; null when there is none. */
  modelByVersion(version: string): Promise<ModelRecord | null>;
  listModels(): Promise<ModelSummary[]>;
}

/**
 * Background jobs, claimed with FOR UPDATE SKIP LOCKED: none runs twice, none is lost when an instance dies.
 * Enqueueing, getJob and lastJobFailure are the installation's. The worker's side spans installations, as workers
 * serve them all: claimJob takes any installation's job, and extendLease, completeJob and failJob act on the job
 * claimJob handed out, by its id; pruneJobs is housekeeping of every installation's finished jobs.
 */
export interface JobStore {
  /** With a dedupe key, the installation's pending job with that key is reused; its id comes back. */
  enqueueJob(kind: string, payload: unknown, options?: { dedupeKey?: string; maxAttempts?: number }): Promise<string>;
  /**
   * Records a webhook event id and enqueues its job, atomically: null, and nothing enqueued, when this installation
   * has recorded the event before (event ids are kept as long as finished jobs, see pruneJobs).
   */
  enqueueEventJob(
    eventId: string,
    kind: string,
    payload: unknown,
    options?: { maxAttempts?: number },
  ): Promise<string | null>;
  /** The oldest due job of these kinds, of any installation (see Job.installation). */
  claimJob(kinds: readonly string[], workerId: string, leaseMs: number): Promise<Job | null>;
  completeJob(id: string): Promise<void>;
  /**
   * Records the error; the job runs again after `retryInMs` (default: exponential backoff) until it has
   * used its attempts, then it is `failed`. Callers pass an error code or message, never ticket text.
   */
  failJob(id: string, error: string, options?: { retryInMs?: number }): Promise<void>;
  /** Records a running job's progress (counts and ids only), read back by getJob; false when it no longer runs. */
  setJobProgress(id: string, progress: unknown): Promise<boolean>;
  /**
   * Ends the lease of every running job, of every installation, at once: the next claim takes each over (counting an
   * attempt). Only for a database no other live process can use, i.e. the embedded one at start (its folder is locked
   * to one process): every running job there belongs to a process that died, and need not wait out its lease.
   */
  releaseLeases(): Promise<number>;
  /** Pushes the lease of a running job forward; false when this worker no longer holds it. */
  extendLease(id: string, workerId: string, leaseMs: number): Promise<boolean>;
  getJob(id: string): Promise<JobRecord | null>;
  /** When the newest job of this kind that used up its attempts finished (ISO), or null. */
  lastJobFailure(kind: string): Promise<string | null>;
  /** Deletes done and failed jobs that finished before `before` (and webhook events received before it); returns how many jobs. */
  pruneJobs(before: string): Promise<number>;
}

/** The installation's daily LLM spend, shared by every instance on the database. */
export interface BudgetStore {
  /**
   * Counts one LLM call for the store's installation and the day when its spend is still under both limits, in one
   * statement (several instances share the count); false, and nothing counted, when it is not.
   */
  reserveLlmCall(key: SpendKey, limits: SpendLimits): Promise<boolean>;
  /** Adds a reserved call's cost once its usage is known. */
  settleLlmCall(key: SpendKey, usd: number): Promise<void>;
  llmSpend(key: SpendKey): Promise<{ calls: number; usd: number }>;
}

/** Ticket vectors per embedding model, embedded once across instances. */
export interface EmbeddingStore {
  /**
   * Claims targets for `owner` to embed with `model` for `leaseMs`, and returns the ticket ids it got: not those whose
   * vector for that text hash is stored already, nor those another owner claimed and is still within its lease.
   * Several instances thus embed each text once; a claim whose owner died expires.
   */
  claimEmbeddings(
    model: string,
    targets: readonly EmbeddingTarget[],
    owner: string,
    leaseMs: number,
  ): Promise<string[]>;
  /** Stores vectors (replacing the ticket's previous one for the model), each with a new `seq`, in one transaction. */
  saveEmbeddings(model: string, writes: readonly EmbeddingWrite[]): Promise<void>;
  /** Stored vectors of `model` whose seq is greater than `seq`, ascending, at most `limit`. */
  embeddingsChangedSince(model: string, seq: number, limit: number): Promise<StoredEmbedding[]>;
}

/** Where a resumable import stopped, per source (e.g. `zendesk-tickets`): it continues from there on the next run. */
export interface ImportCursorStore {
  /** The cursor last saved for this source, or null when none was (a first run). */
  importCursor(source: string): Promise<string | null>;
  /** Replaces the source's cursor: save it only once what came before it is stored. */
  saveImportCursor(source: string, cursor: string): Promise<void>;
}

/** A registered installation as stored: its secrets sealed, opened only by server/installations. */
export interface InstallationRecord {
  readonly id: string;
  readonly subdomain: string;
  /** Sealed secrets (see server/installations/seal.ts): opaque here. */
  readonly secrets: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The installation registry: one row per registered Zendesk account, shared by every instance. */
export interface InstallationRegistryStore {
  /** Adds one; false, and nothing written, when the id or the subdomain is taken. */
  addInstallation(record: {
    id: string;
    subdomain: string;
    secrets: string;
    settings?: Record<string, unknown>;
  }): Promise<boolean>;
  getInstallation(id: string): Promise<InstallationRecord | null>;
  installationBySubdomain(subdomain: string): Promise<InstallationRecord | null>;
  /** Every registered installation, by subdomain. */
  listInstallations(): Promise<InstallationRecord[]>;
  /** Replaces the sealed secrets; false when there is no such installation. */
  updateInstallationSecrets(id: string, secrets: string): Promise<boolean>;
  /** Replaces the settings (its taxonomy, …) and moves the marker; false when there is no such installation. */
  updateInstallationSettings(id: string, settings: Record<string, unknown>): Promise<boolean>;
  /** False when there was no such installation. */
  removeInstallation(id: string): Promise<boolean>;
  /**
   * A value that changes whenever an installation is added, changed or removed, by any instance: cheap to poll, so
   * instances reload the registry only when it moved.
   */
  installationsMarker(): Promise<string>;
}

/**
 * Every role, scoped to one installation: every query reads and writes only that installation's rows. Consumers take
 * the narrowest role they use (the LLM budget a BudgetStore, the embedding sync an EmbeddingStore), so their doubles
 * stay small.
 */
export interface InstallationStore
  extends
    TicketStore,
    ResultStore,
    FeedbackStore,
    ModelStore,
    JobStore,
    BudgetStore,
    EmbeddingStore,
    ImportCursorStore {
  readonly installation: string;
  /**
   * Deletes every row of this installation (tickets, results, feedback, models, jobs, embeddings, spend) in one
   * transaction; answers how many rows of each went.
   */
  deleteInstallationData(): Promise<Record<InstallationDataKind, number>>;
}

/** What deleteInstallationData counts, one entry per kind of row. */
export type InstallationDataKind =
  'tickets' | 'results' | 'feedback' | 'models' | 'jobs' | 'embeddings' | 'spend' | 'cursors';

/** Something that scopes stores per installation (the Store), as the budget ledger of a tier serving them all needs. */
export interface InstallationScopes<T> {
  forInstallation(id: string): T;
}

/** The database. Its own roles are the default installation's (zero-config single installation). */
export interface Store extends InstallationStore, InstallationScopes<InstallationStore>, InstallationRegistryStore {
  readonly engine: 'pglite' | 'postgres';
  /** Creates or upgrades the schema; safe to run from several instances at once. */
  migrate(): Promise<void>;
  /** Throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * The same database scoped to another installation (cheap: shares the client and batching). Throws a RangeError for
   * an id that cannot be an installation's (empty, or the scope of statements spanning installations).
   */
  forInstallation(id: string): InstallationStore;
}
