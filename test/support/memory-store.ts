import { randomUUID } from 'node:crypto';
import { REVIEW_EXCERPT_LIMIT, TicketVerdict, TriageResult, type FeedbackEvent } from '../../src/contract/index.ts';
import { messageExcerpt } from '../../src/triage/index.ts';
import { clip } from '../../src/text/index.ts';
import { StorageUnavailableError } from '../../server/storage/errors.ts';
import {
  DEFAULT_INSTALLATION_ID,
  type EmbeddingTarget,
  type EmbeddingWrite,
  type Job,
  type JobRecord,
  type InstallationRecord,
  type JobStatus,
  type LabelledRow,
  type ModelRecord,
  type ModelSummary,
  type ReviewItem,
  type SpendKey,
  type SpendLimits,
  type InstallationDataKind,
  type InstallationStore,
  type Store,
  type StoredEmbedding,
  type StoredResult,
  type StoredTicket,
  type TicketWrite,
  type TriageWrite,
} from '../../server/storage/store.ts';

/** As job-queries.ts: attempts when the caller gives none, the backoff cap, the longest error kept. */
const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 5 * 60_000;
const MAX_ERROR_LENGTH = 1_000;

const iso = (value: string) => new Date(value).toISOString();
const isoOrNull = (value: string | null) => (value === null ? null : iso(value));
const resultKey = (ticketId: string, textHash: string) => `${ticketId}\u0000${textHash}`;
const ticketFields = (ticket: Omit<StoredTicket, 'seq'>) =>
  JSON.stringify([ticket.subject, ticket.text, ticket.label, ticket.urgency, ticket.status, ticket.createdAt]);

/** The last entry of each id wins, as one SQL statement over a batch does. */
function lastPer<T>(rows: readonly T[], id: (row: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    byId.delete(id(row));
    byId.set(id(row), row);
  }
  return [...byId.values()];
}

interface MemoryJob {
  readonly id: string;
  readonly installation: string;
  readonly kind: string;
  /** JSON text, as jsonb keeps it: a claimer gets a copy. */
  readonly payload: string;
  readonly dedupeKey: string | null;
  readonly maxAttempts: number;
  /** Insertion order breaks ties of createdAt (a millisecond clock). */
  readonly order: number;
  readonly createdAt: number;
  status: JobStatus;
  attempts: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  lastError: string | null;
  /** JSON text, like payload; null until the job reports. */
  progress: string | null;
  runAt: number;
  finishedAt: number | null;
}

/** A stored vector (seq > 0) or a claim (vector null). */
interface EmbeddingRow {
  textHash: string;
  vector: Float32Array | null;
  seq: number;
  claimedBy: string | null;
  claimedUntil: number;
}

/** One installation's rows. */
class Tenant {
  readonly tickets = new Map<string, StoredTicket>();
  /** Tickets whose label came from feedback: an import or a triage does not overwrite it. */
  readonly labelledByFeedback = new Set<string>();
  /** Tickets whose label the app applied itself (an unconfirmed `auto`): not training data. */
  readonly labelledByTriage = new Set<string>();
  readonly results = new Map<string, TriageResult>();
  readonly feedback = new Map<string, { id: string; event: FeedbackEvent; recordedAt: number; order: number }>();
  /** Every saved version, in the order first saved; saving a version again replaces it in place. */
  models: ModelRecord[] = [];
  readonly spends = new Map<string, { calls: number; usd: number }>();
  readonly cursors = new Map<string, string>();
  /** Per model, per ticket: a stored vector (seq > 0) or a claim (vector null). */
  readonly embeddings = new Map<string, Map<string, EmbeddingRow>>();
}

/** The one database every installation's store of a MemoryStore shares. */
class MemoryState {
  available = true;
  closed = false;
  readonly calls: { method: string; args: unknown[]; installation: string }[] = [];
  /** One sequence for every installation's tickets, and one for vectors, as in SQL. */
  seq = 0;
  embeddingSeq = 0;
  feedbackCount = 0;
  /** Every installation's jobs: a worker claims among them all. */
  readonly jobs = new Map<string, MemoryJob>();
  jobOrder = 0;
  readonly tenants = new Map<string, Tenant>();
  /** Webhook event ids recorded, as `installation\u0000eventId`. */
  readonly webhookEvents = new Set<string>();

  tenant(installation: string): Tenant {
    let tenant = this.tenants.get(installation);
    if (!tenant) this.tenants.set(installation, (tenant = new Tenant()));
    return tenant;
  }
}

/**
 * One installation's roles over the shared MemoryState: reads and writes only that installation's rows, except the
 * worker's side of the job queue, which spans installations as in SQL (see JobStore).
 */
export class MemoryInstallationStore implements InstallationStore {
  protected readonly state: MemoryState;
  private readonly tenant: Tenant;

  constructor(
    readonly installation: string,
    state: MemoryState,
  ) {
    this.state = state;
    this.tenant = state.tenant(installation);
  }

  /** Switched off, every installation's store acts as an unreachable database. */
  get available(): boolean {
    return this.state.available;
  }
  set available(value: boolean) {
    this.state.available = value;
  }
  /** Every call to any installation's store, in order. */
  get calls(): { method: string; args: unknown[]; installation: string }[] {
    return this.state.calls;
  }
  get tickets(): Map<string, StoredTicket> {
    return this.tenant.tickets;
  }
  private get labelledByFeedback(): Set<string> {
    return this.tenant.labelledByFeedback;
  }
  private get labelledByTriage(): Set<string> {
    return this.tenant.labelledByTriage;
  }
  get results(): Map<string, TriageResult> {
    return this.tenant.results;
  }
  get feedback(): Map<string, { id: string; event: FeedbackEvent; recordedAt: number; order: number }> {
    return this.tenant.feedback;
  }
  get models(): ModelRecord[] {
    return this.tenant.models;
  }
  get embeddings(): Map<string, Map<string, EmbeddingRow>> {
    return this.tenant.embeddings;
  }
  private get spends(): Map<string, { calls: number; usd: number }> {
    return this.tenant.spends;
  }
  private get jobs(): Map<string, MemoryJob> {
    return this.state.jobs;
  }

  protected touch(method: string, ...args: unknown[]): void {
    this.state.calls.push({ method, args, installation: this.installation });
    if (!this.state.available || this.state.closed)
      throw new StorageUnavailableError('database unavailable (test double switched off)');
  }

  callsTo(method: string): unknown[][] {
    return this.state.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async importCursor(source: string): Promise<string | null> {
    this.touch('importCursor', source);
    return this.tenant.cursors.get(source) ?? null;
  }

  async saveImportCursor(source: string, cursor: string): Promise<void> {
    this.touch('saveImportCursor', source, cursor);
    this.tenant.cursors.set(source, cursor);
  }

  async deleteInstallationData(): Promise<Record<InstallationDataKind, number>> {
    this.touch('deleteInstallationData');
    const tenant = this.tenant;
    const jobs = [...this.jobs.values()].filter((job) => job.installation === this.installation);
    for (const job of jobs) this.jobs.delete(job.id);
    const counts = {
      tickets: tenant.tickets.size,
      results: tenant.results.size,
      feedback: tenant.feedback.size,
      models: tenant.models.length,
      jobs: jobs.length,
      embeddings: [...tenant.embeddings.values()].reduce((sum, rows) => sum + rows.size, 0),
      spend: tenant.spends.size,
      cursors: tenant.cursors.size,
    };
    tenant.cursors.clear();
    tenant.tickets.clear();
    tenant.labelledByFeedback.clear();
    tenant.labelledByTriage.clear();
    tenant.results.clear();
    tenant.feedback.clear();
    tenant.models = [];
    tenant.spends.clear();
    tenant.embeddings.clear();
    return counts;
  }

  /** Stores the ticket with a new seq unless its fields are what is stored already; answers what changed. */
  private write(fields: Omit<StoredTicket, 'seq'>): 'inserted' | 'updated' | 'unchanged' {
    const existing = this.tickets.get(fields.id);
    if (existing && ticketFields(existing) === ticketFields(fields)) return 'unchanged';
    this.tickets.set(fields.id, { ...fields, seq: ++this.state.seq });
    return existing ? 'updated' : 'inserted';
  }

  async upsertTickets(
    tickets: readonly TicketWrite[],
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    this.touch('upsertTickets', tickets);
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const ticket of lastPer(tickets, (row) => row.id)) {
      const stored = this.tickets.get(ticket.id);
      // An imported label is a person's: the ticket is training data again.
      if (ticket.label !== null && ticket.label !== undefined) this.labelledByTriage.delete(ticket.id);
      const outcome = this.write({
        id: ticket.id,
        subject: ticket.subject,
        text: ticket.text,
        // Null fields of a write keep what is stored; a label from feedback beats an imported one.
        label: this.labelledByFeedback.has(ticket.id)
          ? (stored?.label ?? null)
          : (ticket.label ?? stored?.label ?? null),
        urgency: ticket.urgency ?? stored?.urgency ?? null,
        status: ticket.status ?? stored?.status ?? null,
        createdAt: isoOrNull(ticket.createdAt) ?? stored?.createdAt ?? null,
      });
      counts[outcome]++;
    }
    counts.unchanged = tickets.length - counts.inserted - counts.updated;
    return counts;
  }
  async getTicket(id: string): Promise<StoredTicket | null> {
    this.touch('getTicket', id);
    const ticket = this.tickets.get(id);
    return ticket ? { ...ticket } : null;
  }
  async ticketsChangedSince(seq: number, limit: number): Promise<StoredTicket[]> {
    this.touch('ticketsChangedSince', seq, limit);
    return [...this.tickets.values()]
      .filter((ticket) => ticket.seq > seq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit)
      .map((ticket) => ({ ...ticket }));
  }
  async countTickets(): Promise<number> {
    this.touch('countTickets');
    return this.tickets.size;
  }
  async labelledTickets(): Promise<LabelledRow[]> {
    this.touch('labelledTickets');
    const byAge = (a: StoredTicket, b: StoredTicket) =>
      a.createdAt === b.createdAt
        ? a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0
        : a.createdAt === null
          ? 1
          : b.createdAt === null
            ? -1
            : a.createdAt < b.createdAt
              ? -1
              : 1;
    return [...this.tickets.values()]
      .filter((ticket) => ticket.label !== null && !this.labelledByTriage.has(ticket.id) && /\S/u.test(ticket.text))
      .sort(byAge)
      .map((ticket) => ({
        id: ticket.id,
        text: ticket.text,
        label: ticket.label ?? '',
        urgency: ticket.urgency,
        createdAt: ticket.createdAt,
      }));
  }
  async findResult(ticketId: string, textHash: string): Promise<StoredResult | null> {
    this.touch('findResult', ticketId, textHash);
    const stored = this.results.get(resultKey(ticketId, textHash));
    if (!stored) return null;
    // A result that no longer fits the contract counts as absent and is recomputed.
    const parsed = TriageResult.safeParse(stored);
    return parsed.success ? { json: JSON.stringify(parsed.data) } : null;
  }
  private storeResult(result: TriageResult): void {
    const key = resultKey(result.ticketId, result.textHash);
    this.results.delete(key);
    this.results.set(key, JSON.parse(JSON.stringify(result)) as TriageResult);
  }
  async saveResult(result: TriageResult): Promise<void> {
    this.touch('saveResult', result);
    this.storeResult(result);
  }
  async saveTriage(write: TriageWrite, result: TriageResult): Promise<StoredTicket> {
    this.touch('saveTriage', write, result);
    if (result.ticketId !== write.id) throw new Error('a triage result is saved with its own ticket');
    const stored = this.tickets.get(write.id);
    if ((stored?.label ?? null) === null && write.label !== null) this.labelledByTriage.add(write.id);
    // Known label, urgency, status and creation time of the ticket win over the triage's.
    this.write({
      id: write.id,
      subject: write.subject,
      text: write.text,
      label: this.labelledByFeedback.has(write.id) ? (stored?.label ?? null) : (stored?.label ?? write.label),
      urgency: stored?.urgency ?? write.urgency,
      status: write.status ?? stored?.status ?? 'new',
      createdAt: isoOrNull(write.createdAt) ?? stored?.createdAt ?? iso(result.createdAt),
    });
    this.storeResult(result);
    return { ...this.tickets.get(write.id)! };
  }
  async appendFeedback(event: FeedbackEvent): Promise<{ id: string; duplicate: boolean }> {
    this.touch('appendFeedback', event);
    const existing = this.feedback.get(event.idempotencyKey);
    if (existing) return { id: existing.id, duplicate: true };
    const id = `fb-${++this.state.feedbackCount}`;
    this.feedback.set(event.idempotencyKey, { id, event, recordedAt: Date.now(), order: this.feedback.size });
    const ticket = this.tickets.get(event.ticketId);
    const label =
      event.kind === 'correct'
        ? event.correctedLabel
        : event.kind === 'accept' && (ticket?.label === null || this.labelledByTriage.has(event.ticketId))
          ? event.label
          : null;
    if (ticket && label !== null) {
      this.labelledByFeedback.add(ticket.id);
      this.labelledByTriage.delete(ticket.id);
      this.tickets.set(ticket.id, { ...ticket, label, seq: ++this.state.seq });
    }
    return { id, duplicate: false };
  }
  async latestVerdict(ticketId: string): Promise<TicketVerdict | null> {
    this.touch('latestVerdict', ticketId);
    const [latest] = [...this.feedback.values()]
      .filter(
        ({ event }) =>
          event.ticketId === ticketId &&
          (event.kind === 'accept' || event.kind === 'reject' || event.kind === 'correct'),
      )
      .sort(
        (a, b) => b.recordedAt - a.recordedAt || Date.parse(b.event.at) - Date.parse(a.event.at) || b.order - a.order,
      );
    if (!latest) return null;
    const { event } = latest;
    const parsed = TicketVerdict.safeParse({
      kind: event.kind,
      label: event.label,
      correctedLabel: event.correctedLabel ?? null,
      role: event.actor.role ?? 'agent',
      at: iso(event.at),
    });
    return parsed.success ? parsed.data : null;
  }
  async reviewQueue(limit: number): Promise<{ items: ReviewItem[]; total: number }> {
    this.touch('reviewQueue', limit);
    const settled = new Set(
      [...this.feedback.values()]
        .filter(({ event }) => event.kind === 'accept' || event.kind === 'reject' || event.kind === 'correct')
        .map(({ event }) => event.ticketId),
    );
    const latestPerTicket = new Map<string, TriageResult>();
    for (const result of this.results.values()) {
      const seen = latestPerTicket.get(result.ticketId);
      if (!seen || Date.parse(result.createdAt) > Date.parse(seen.createdAt))
        latestPerTicket.set(result.ticketId, result);
    }
    const waiting = [...latestPerTicket.values()]
      .filter((result) => result.decision === 'review' && !settled.has(result.ticketId))
      .sort(
        (a, b) =>
          Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
          (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0),
      );
    const items = waiting.slice(0, limit).map((result) => ({
      ticketId: result.ticketId,
      subject: this.tickets.get(result.ticketId)?.subject ?? '',
      excerpt: messageExcerpt(
        this.tickets.get(result.ticketId)?.subject ?? '',
        this.tickets.get(result.ticketId)?.text ?? '',
        REVIEW_EXCERPT_LIMIT,
      ),
      label: result.label.name,
      confidence: result.label.confidence,
      decision: result.decision,
      reason: result.label.reason || null,
      source: result.label.source,
      ruleId: result.label.ruleId,
      evidence: result.label.evidence,
      heldBack: result.heldBack,
      textHash: result.textHash,
      createdAt: iso(result.createdAt),
    }));
    return { items, total: waiting.length };
  }
  async saveModel(record: ModelRecord): Promise<void> {
    this.touch('saveModel', record);
    const copy = { ...record, createdAt: iso(record.createdAt), metrics: { ...record.metrics } };
    const index = this.models.findIndex((model) => model.version === record.version);
    if (index >= 0) this.tenant.models[index] = copy;
    else this.models.push(copy);
  }
  /** Newest first, as the SQL store orders them: by creation time, then version. */
  private modelsNewestFirst(): ModelRecord[] {
    return [...this.models].sort(
      (a, b) =>
        Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
        (a.version < b.version ? 1 : a.version > b.version ? -1 : 0),
    );
  }
  async latestModel(): Promise<ModelRecord | null> {
    this.touch('latestModel');
    const latest = this.modelsNewestFirst().find((model) => model.promoted);
    return latest ? { ...latest } : null;
  }
  async modelByVersion(version: string): Promise<ModelRecord | null> {
    this.touch('modelByVersion', version);
    return [...this.models].reverse().find((model) => model.version === version) ?? null;
  }
  async listModels(): Promise<ModelSummary[]> {
    this.touch('listModels');
    return this.modelsNewestFirst().map(({ version, createdAt, metrics, promoted }) => ({
      version,
      createdAt,
      metrics,
      promoted,
    }));
  }

  async enqueueJob(
    kind: string,
    payload: unknown,
    options: { dedupeKey?: string; maxAttempts?: number } = {},
  ): Promise<string> {
    this.touch('enqueueJob', kind, payload);
    const dedupeKey = options.dedupeKey ?? null;
    // One pending job per dedupe key: its id comes back.
    const twin =
      dedupeKey === null
        ? undefined
        : [...this.jobs.values()].find(
            (job) => job.installation === this.installation && job.dedupeKey === dedupeKey && job.status === 'pending',
          );
    if (twin) return twin.id;
    const now = Date.now();
    const job: MemoryJob = {
      id: randomUUID(),
      installation: this.installation,
      kind,
      payload: JSON.stringify(payload ?? null),
      dedupeKey,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      order: this.state.jobOrder++,
      createdAt: now,
      status: 'pending',
      attempts: 0,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      progress: null,
      runAt: now,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    return job.id;
  }
  async enqueueEventJob(
    eventId: string,
    kind: string,
    payload: unknown,
    options: { maxAttempts?: number } = {},
  ): Promise<string | null> {
    this.touch('enqueueEventJob', eventId, kind, payload);
    const key = `${this.installation}\u0000${eventId}`;
    if (this.state.webhookEvents.has(key)) return null;
    this.state.webhookEvents.add(key);
    return this.enqueueJob(
      kind,
      payload,
      options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts },
    );
  }
  async claimJob(kinds: readonly string[], workerId: string, leaseMs: number): Promise<Job | null> {
    this.touch('claimJob', kinds, workerId, leaseMs);
    const now = Date.now();
    const ofKinds = [...this.jobs.values()].filter((job) => kinds.includes(job.kind));
    const expired = (job: MemoryJob) => job.status === 'running' && job.lockedUntil !== null && job.lockedUntil < now;
    // A job whose worker keeps dying has used its attempts: it fails instead of taking workers down forever.
    for (const job of ofKinds.filter(
      (candidate) => expired(candidate) && candidate.attempts >= candidate.maxAttempts,
    )) {
      Object.assign(job, {
        status: 'failed',
        lastError: job.lastError ?? 'lease expired',
        lockedBy: null,
        lockedUntil: null,
        finishedAt: now,
      });
    }
    // A pending successor waits while its twin (same dedupe key) runs, or may run again.
    const twinRunning = (job: MemoryJob) =>
      [...this.jobs.values()].some(
        (twin) =>
          twin.installation === job.installation &&
          twin.dedupeKey === job.dedupeKey &&
          twin.status === 'running' &&
          ((twin.lockedUntil ?? 0) >= now || twin.attempts < twin.maxAttempts),
      );
    const [next] = ofKinds
      .filter(
        (job) => (job.status === 'pending' && job.runAt <= now) || (expired(job) && job.attempts < job.maxAttempts),
      )
      .filter((job) => !(job.status === 'pending' && job.dedupeKey !== null && twinRunning(job)))
      .sort((a, b) => a.runAt - b.runAt || a.createdAt - b.createdAt || a.order - b.order);
    if (!next) return null;
    Object.assign(next, {
      status: 'running',
      attempts: next.attempts + 1,
      lockedBy: workerId,
      lockedUntil: now + leaseMs,
    });
    return {
      id: next.id,
      installation: next.installation,
      kind: next.kind,
      payload: JSON.parse(next.payload) as unknown,
      attempts: next.attempts,
    };
  }
  async completeJob(id: string): Promise<void> {
    this.touch('completeJob', id);
    const job = this.jobs.get(id);
    if (job?.status === 'running')
      Object.assign(job, { status: 'done', lockedBy: null, lockedUntil: null, finishedAt: Date.now() });
  }
  async failJob(id: string, error: string, options: { retryInMs?: number } = {}): Promise<void> {
    this.touch('failJob', id, error);
    const job = this.jobs.get(id);
    if (job?.status !== 'running') return;
    const now = Date.now();
    const lastError = clip(error, MAX_ERROR_LENGTH);
    // Out of attempts, or a newer pending job with its dedupe key will do the work: it ends here.
    const successor =
      job.dedupeKey !== null &&
      [...this.jobs.values()].some(
        (other) =>
          other.installation === job.installation && other.dedupeKey === job.dedupeKey && other.status === 'pending',
      );
    if (job.attempts >= job.maxAttempts || successor) {
      Object.assign(job, { status: 'failed', lastError, lockedBy: null, lockedUntil: null, finishedAt: now });
      return;
    }
    const backoff = options.retryInMs ?? Math.min(1000 * 2 ** job.attempts, MAX_BACKOFF_MS);
    Object.assign(job, {
      status: 'pending',
      lastError,
      lockedBy: null,
      lockedUntil: null,
      finishedAt: null,
      runAt: now + backoff,
    });
  }
  async releaseLeases(): Promise<number> {
    this.touch('releaseLeases');
    let released = 0;
    for (const job of this.jobs.values()) {
      if (job.status !== 'running') continue;
      job.lockedUntil = Date.now() - 1;
      released++;
    }
    return released;
  }
  async extendLease(id: string, workerId: string, leaseMs: number): Promise<boolean> {
    this.touch('extendLease', id, workerId, leaseMs);
    const job = this.jobs.get(id);
    if (job?.status !== 'running' || job.lockedBy !== workerId) return false;
    job.lockedUntil = Date.now() + leaseMs;
    return true;
  }
  async setJobProgress(id: string, progress: unknown): Promise<boolean> {
    this.touch('setJobProgress', id);
    const job = this.jobs.get(id);
    if (job?.status !== 'running') return false;
    job.progress = JSON.stringify(progress ?? null);
    return true;
  }
  async getJob(id: string): Promise<JobRecord | null> {
    this.touch('getJob', id);
    const job = this.jobs.get(id);
    if (!job || job.installation !== this.installation) return null;
    return {
      id: job.id,
      installation: job.installation,
      kind: job.kind,
      payload: JSON.parse(job.payload) as unknown,
      attempts: job.attempts,
      status: job.status,
      dedupeKey: job.dedupeKey,
      maxAttempts: job.maxAttempts,
      lockedBy: job.lockedBy,
      lastError: job.lastError,
      progress: job.progress === null ? null : (JSON.parse(job.progress) as unknown),
    };
  }
  async feedbackCounts(
    since: string | null,
  ): Promise<Record<'accept' | 'reject' | 'correct' | 'like' | 'dislike', number>> {
    this.touch('feedbackCounts', since);
    const counts = { accept: 0, reject: 0, correct: 0, like: 0, dislike: 0 };
    // By when it was recorded, not the time the event claims.
    for (const { event, recordedAt } of this.feedback.values())
      if (since === null || recordedAt > Date.parse(since)) counts[event.kind] += 1;
    return counts;
  }
  async lastJobFailure(kind: string): Promise<string | null> {
    this.touch('lastJobFailure', kind);
    const times = [...this.jobs.values()].flatMap((job) =>
      job.installation === this.installation && job.kind === kind && job.status === 'failed' && job.finishedAt !== null
        ? [job.finishedAt]
        : [],
    );
    return times.length === 0 ? null : new Date(Math.max(...times)).toISOString();
  }
  async pruneJobs(before: string): Promise<number> {
    this.touch('pruneJobs', before);
    const cutoff = Date.parse(before);
    const old = [...this.jobs.values()].filter(
      (job) => (job.status === 'done' || job.status === 'failed') && job.finishedAt !== null && job.finishedAt < cutoff,
    );
    for (const job of old) this.jobs.delete(job.id);
    return old.length;
  }

  async reserveLlmCall(key: SpendKey, limits: SpendLimits): Promise<boolean> {
    this.touch('reserveLlmCall', key.day);
    if ((limits.calls !== null && limits.calls <= 0) || (limits.usd !== null && limits.usd <= 0)) return false;
    const spend = this.spends.get(key.day) ?? { calls: 0, usd: 0 };
    if ((limits.calls !== null && spend.calls >= limits.calls) || (limits.usd !== null && spend.usd >= limits.usd))
      return false;
    this.spends.set(key.day, { calls: spend.calls + 1, usd: spend.usd });
    return true;
  }
  async settleLlmCall(key: SpendKey, usd: number): Promise<void> {
    this.touch('settleLlmCall', key.day);
    if (!Number.isFinite(usd) || usd <= 0) return;
    const spend = this.spends.get(key.day) ?? { calls: 0, usd: 0 };
    this.spends.set(key.day, { calls: spend.calls, usd: spend.usd + usd });
  }
  async llmSpend(key: SpendKey): Promise<{ calls: number; usd: number }> {
    this.touch('llmSpend', key.day);
    const spend = this.spends.get(key.day);
    // Rounded to a millionth of a dollar, as the SQL store reads its double precision sum.
    return spend ? { calls: spend.calls, usd: Math.round(spend.usd * 1e6) / 1e6 } : { calls: 0, usd: 0 };
  }

  private embeddingRows(model: string) {
    let rows = this.embeddings.get(model);
    if (!rows) this.embeddings.set(model, (rows = new Map<string, EmbeddingRow>()));
    return rows;
  }
  async claimEmbeddings(
    model: string,
    targets: readonly EmbeddingTarget[],
    owner: string,
    leaseMs: number,
  ): Promise<string[]> {
    this.touch('claimEmbeddings', model, targets, owner);
    const rows = this.embeddingRows(model);
    const claimed: string[] = [];
    const now = Date.now();
    for (const target of lastPer(targets, (entry) => entry.ticketId)) {
      const row = rows.get(target.ticketId);
      if (row && row.vector && row.textHash === target.textHash) continue;
      if (row && row.claimedBy !== null && row.claimedBy !== owner && row.claimedUntil >= now) continue;
      // Claiming a changed text drops the old vector: it no longer describes the ticket.
      rows.set(target.ticketId, {
        textHash: target.textHash,
        vector: null,
        seq: 0,
        claimedBy: owner,
        claimedUntil: now + Math.max(0, Math.round(leaseMs)),
      });
      claimed.push(target.ticketId);
    }
    return claimed;
  }
  async saveEmbeddings(model: string, writes: readonly EmbeddingWrite[]): Promise<void> {
    this.touch('saveEmbeddings', model, writes);
    const rows = this.embeddingRows(model);
    for (const write of lastPer(writes, (entry) => entry.ticketId)) {
      rows.set(write.ticketId, {
        textHash: write.textHash,
        vector: Float32Array.from(write.vector),
        seq: ++this.state.embeddingSeq,
        claimedBy: null,
        claimedUntil: 0,
      });
    }
  }
  async embeddingsChangedSince(model: string, seq: number, limit: number): Promise<StoredEmbedding[]> {
    this.touch('embeddingsChangedSince', model, seq, limit);
    return [...this.embeddingRows(model)]
      .flatMap(([ticketId, row]) =>
        row.vector && row.seq > seq
          ? [{ ticketId, textHash: row.textHash, vector: Float32Array.from(row.vector), seq: row.seq }]
          : [],
      )
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  // The installation registry: rows by id; the marker is a change counter.
  readonly installations = new Map<string, InstallationRecord>();
  private installationChanges = 0;
  async addInstallation(record: {
    id: string;
    subdomain: string;
    secrets: string;
    settings?: Record<string, unknown>;
  }): Promise<boolean> {
    this.touch('addInstallation', record.id, record.subdomain);
    const taken = [...this.installations.values()].some(
      (row) => row.id === record.id || row.subdomain === record.subdomain,
    );
    if (taken) return false;
    const now = new Date().toISOString();
    this.installations.set(record.id, {
      id: record.id,
      subdomain: record.subdomain,
      secrets: record.secrets,
      settings: JSON.parse(JSON.stringify(record.settings ?? {})) as Record<string, unknown>,
      createdAt: now,
      updatedAt: now,
    });
    this.installationChanges++;
    return true;
  }
  async getInstallation(id: string): Promise<InstallationRecord | null> {
    this.touch('getInstallation', id);
    return this.installations.get(id) ?? null;
  }
  async installationBySubdomain(subdomain: string): Promise<InstallationRecord | null> {
    this.touch('installationBySubdomain', subdomain);
    return [...this.installations.values()].find((row) => row.subdomain === subdomain) ?? null;
  }
  async listInstallations(): Promise<InstallationRecord[]> {
    this.touch('listInstallations');
    return [...this.installations.values()].sort((a, b) => (a.subdomain < b.subdomain ? -1 : 1));
  }
  async updateInstallationSecrets(id: string, secrets: string): Promise<boolean> {
    this.touch('updateInstallationSecrets', id);
    const row = this.installations.get(id);
    if (!row) return false;
    this.installations.set(id, { ...row, secrets, updatedAt: new Date().toISOString() });
    this.installationChanges++;
    return true;
  }
  async updateInstallationSettings(id: string, settings: Record<string, unknown>): Promise<boolean> {
    this.touch('updateInstallationSettings', id);
    const row = this.installations.get(id);
    if (!row) return false;
    this.installations.set(id, { ...row, settings: structuredClone(settings), updatedAt: new Date().toISOString() });
    this.installationChanges++;
    return true;
  }
  async removeInstallation(id: string): Promise<boolean> {
    this.touch('removeInstallation', id);
    const removed = this.installations.delete(id);
    if (removed) this.installationChanges++;
    return removed;
  }
  async installationsMarker(): Promise<string> {
    this.touch('installationsMarker');
    return String(this.installationChanges);
  }
}

/**
 * An in-memory Store for route and runtime tests: implements the real interface and honours the store contract (the
 * suite in test/storage/store-contract.ts runs against it, as against PGlite and PostgreSQL), records calls, and can be
 * switched off (`available = false`) to act as an unreachable database. One process, one event loop: every method runs
 * to its end without interleaving, which is what the SQL store's transactions and locks give across instances. Its own
 * roles are the default installation's; `forInstallation` scopes the same state to another.
 */
export class MemoryStore extends MemoryInstallationStore implements Store {
  readonly engine = 'pglite' as const;

  constructor() {
    super(DEFAULT_INSTALLATION_ID, new MemoryState());
  }

  forInstallation(id: string): MemoryInstallationStore {
    if (id === '' || id === '*' || id.trim() !== id)
      throw new RangeError(`not an installation id: ${JSON.stringify(id)}`);
    return id === this.installation ? this : new MemoryInstallationStore(id, this.state);
  }

  async migrate(): Promise<void> {
    this.touch('migrate');
  }
  async ping(): Promise<void> {
    this.touch('ping');
  }
  async close(): Promise<void> {
    this.state.calls.push({ method: 'close', args: [], installation: this.installation });
    this.state.closed = true;
  }
}
