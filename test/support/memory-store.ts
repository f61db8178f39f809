import type { FeedbackEvent, TicketVerdict, TriageResult } from '../../src/contract/index.ts';
import type { EmbeddingTarget, EmbeddingWrite, Job, JobRecord, LabelledRow, ModelRecord, ModelSummary, ReviewItem, SpendKey, SpendLimits, Store, StoredEmbedding, StoredResult, StoredTicket, TicketWrite, TriageWrite } from '../../server/storage/store.ts';

/** Mirrors storage's StorageUnavailableError: the HTTP layer maps it by its code. */
export class FakeUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor() {
    super('database unavailable (test double switched off)');
    this.name = 'StorageUnavailableError';
  }
}

/**
 * An in-memory Store for route tests: implements the real interface, records calls, and can be switched off
 * (`available = false`) to act as an unreachable database.
 */
export class MemoryStore implements Store {
  readonly engine = 'pglite' as const;
  available = true;
  readonly calls: { method: string; args: unknown[] }[] = [];
  private seq = 0;
  readonly tickets = new Map<string, StoredTicket>();
  readonly results = new Map<string, TriageResult>();
  readonly feedback = new Map<string, { id: string; event: FeedbackEvent }>();
  readonly models: ModelRecord[] = [];

  private touch(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (!this.available) throw new FakeUnavailableError();
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async migrate(): Promise<void> {
    this.touch('migrate');
  }
  async ping(): Promise<void> {
    this.touch('ping');
  }
  async close(): Promise<void> {
    this.calls.push({ method: 'close', args: [] });
  }

  async upsertTickets(tickets: readonly TicketWrite[]): Promise<{ inserted: number; updated: number; unchanged: number }> {
    this.touch('upsertTickets', tickets);
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    for (const ticket of tickets) {
      const existing = this.tickets.get(ticket.id);
      const { source: _unused, ...fields } = ticket;
      if (existing && JSON.stringify({ ...existing, seq: 0 }) === JSON.stringify({ ...fields, seq: 0 })) {
        unchanged++;
        continue;
      }
      if (existing) updated++;
      else inserted++;
      this.tickets.set(ticket.id, { ...fields, seq: ++this.seq });
    }
    return { inserted, updated, unchanged };
  }
  async getTicket(id: string): Promise<StoredTicket | null> {
    this.touch('getTicket', id);
    return this.tickets.get(id) ?? null;
  }
  async ticketsChangedSince(seq: number, limit: number): Promise<StoredTicket[]> {
    this.touch('ticketsChangedSince', seq, limit);
    return [...this.tickets.values()].filter((ticket) => ticket.seq > seq).sort((a, b) => a.seq - b.seq).slice(0, limit);
  }
  async countTickets(): Promise<number> {
    this.touch('countTickets');
    return this.tickets.size;
  }
  async labelledTickets(): Promise<LabelledRow[]> {
    this.touch('labelledTickets');
    return [...this.tickets.values()]
      .filter((ticket) => ticket.label !== null && ticket.text.trim() !== '')
      .map((ticket) => ({ id: ticket.id, text: ticket.text, label: ticket.label ?? '', urgency: ticket.urgency, createdAt: ticket.createdAt }));
  }
  async findResult(ticketId: string, textHash: string): Promise<StoredResult | null> {
    this.touch('findResult', ticketId, textHash);
    const result = this.results.get(`${ticketId}\u0000${textHash}`);
    return result ? { json: JSON.stringify(result) } : null;
  }
  async saveResult(result: TriageResult): Promise<void> {
    this.touch('saveResult', result);
    this.results.set(`${result.ticketId}\u0000${result.textHash}`, result);
  }
  async saveTriage(write: TriageWrite, result: TriageResult): Promise<StoredTicket> {
    this.touch('saveTriage', write, result);
    const previous = this.tickets.get(write.id);
    const fields = {
      id: write.id,
      subject: write.subject,
      text: write.text,
      label: previous?.label ?? write.label,
      urgency: previous?.urgency ?? write.urgency,
      status: write.status ?? previous?.status ?? 'new',
      createdAt: write.createdAt ?? previous?.createdAt ?? result.createdAt,
    };
    const unchanged = previous && JSON.stringify({ ...previous, seq: 0 }) === JSON.stringify({ ...fields, seq: 0 });
    const stored = unchanged ? previous : { ...fields, seq: ++this.seq };
    this.tickets.set(write.id, stored);
    this.results.set(`${result.ticketId}\u0000${result.textHash}`, result);
    return stored;
  }
  async appendFeedback(event: FeedbackEvent): Promise<{ id: string; duplicate: boolean }> {
    this.touch('appendFeedback', event);
    const existing = this.feedback.get(event.idempotencyKey);
    if (existing) return { id: existing.id, duplicate: true };
    const id = `fb-${this.feedback.size + 1}`;
    this.feedback.set(event.idempotencyKey, { id, event });
    const ticket = this.tickets.get(event.ticketId);
    if (ticket && event.kind === 'correct' && event.correctedLabel) this.tickets.set(ticket.id, { ...ticket, label: event.correctedLabel, seq: ++this.seq });
    return { id, duplicate: false };
  }
  async latestVerdict(ticketId: string): Promise<TicketVerdict | null> {
    this.touch('latestVerdict', ticketId);
    // Map order is insertion order: the last decisive event for the ticket is the newest recorded.
    const decisive = [...this.feedback.values()].map((entry) => entry.event).filter((event) => event.ticketId === ticketId && event.kind !== 'like' && event.kind !== 'dislike');
    const latest = decisive.at(-1);
    if (!latest || (latest.kind !== 'accept' && latest.kind !== 'reject' && latest.kind !== 'correct')) return null;
    return { kind: latest.kind, label: latest.label, correctedLabel: latest.correctedLabel, role: latest.actor.role, at: latest.at };
  }
  async reviewQueue(limit: number): Promise<{ items: ReviewItem[]; total: number }> {
    this.touch('reviewQueue', limit);
    const answered = new Set([...this.feedback.values()].map((entry) => entry.event.ticketId));
    const waiting = [...this.results.values()].filter((result) => result.decision === 'review' && !answered.has(result.ticketId));
    const items = waiting
      .map((result) => ({
        ticketId: result.ticketId,
        subject: this.tickets.get(result.ticketId)?.subject ?? '',
        label: result.label.name,
        confidence: result.label.confidence,
        decision: result.decision,
        reason: result.label.reason || null,
        textHash: result.textHash,
        createdAt: result.createdAt,
      }))
      .slice(0, limit);
    return { items, total: waiting.length };
  }
  async saveModel(record: ModelRecord): Promise<void> {
    this.touch('saveModel', record);
    this.models.push(record);
  }
  async latestModel(): Promise<ModelRecord | null> {
    this.touch('latestModel');
    return [...this.models].reverse().find((model) => model.promoted) ?? null;
  }
  async modelByVersion(version: string): Promise<ModelRecord | null> {
    this.touch('modelByVersion', version);
    return [...this.models].reverse().find((model) => model.version === version) ?? null;
  }
  async listModels(): Promise<ModelSummary[]> {
    this.touch('listModels');
    return this.models.map(({ artifact: _artifact, ...summary }) => summary);
  }
  async enqueueJob(kind: string, payload: unknown): Promise<string> {
    this.touch('enqueueJob', kind, payload);
    return 'job-1';
  }
  async claimJob(): Promise<Job | null> {
    this.touch('claimJob');
    return null;
  }
  async completeJob(id: string): Promise<void> {
    this.touch('completeJob', id);
  }
  async failJob(id: string, error: string): Promise<void> {
    this.touch('failJob', id, error);
  }
  async extendLease(id: string, workerId: string, leaseMs: number): Promise<boolean> {
    this.touch('extendLease', id, workerId, leaseMs);
    return false;
  }
  async getJob(id: string): Promise<JobRecord | null> {
    this.touch('getJob', id);
    return null;
  }
  async feedbackCounts(since: string | null): Promise<Record<'accept' | 'reject' | 'correct' | 'like' | 'dislike', number>> {
    this.touch('feedbackCounts', since);
    const counts = { accept: 0, reject: 0, correct: 0, like: 0, dislike: 0 };
    for (const { event } of this.feedback.values()) if (since === null || event.at > since) counts[event.kind] += 1;
    return counts;
  }
  async lastJobFailure(kind: string): Promise<string | null> {
    this.touch('lastJobFailure', kind);
    return null;
  }
  async pruneJobs(before: string): Promise<number> {
    this.touch('pruneJobs', before);
    return 0;
  }
  private readonly spends = new Map<string, { calls: number; usd: number }>();
  async reserveLlmCall(key: SpendKey, limits: SpendLimits): Promise<boolean> {
    this.touch('reserveLlmCall', key.installation, key.day);
    const spend = this.spends.get(`${key.day} ${key.installation}`) ?? { calls: 0, usd: 0 };
    if ((limits.calls !== null && spend.calls >= limits.calls) || (limits.usd !== null && spend.usd >= limits.usd)) return false;
    this.spends.set(`${key.day} ${key.installation}`, { calls: spend.calls + 1, usd: spend.usd });
    return true;
  }
  async settleLlmCall(key: SpendKey, usd: number): Promise<void> {
    this.touch('settleLlmCall', key.installation, key.day);
    const spend = this.spends.get(`${key.day} ${key.installation}`) ?? { calls: 0, usd: 0 };
    this.spends.set(`${key.day} ${key.installation}`, { calls: spend.calls, usd: spend.usd + usd });
  }
  async llmSpend(key: SpendKey): Promise<{ calls: number; usd: number }> {
    this.touch('llmSpend', key.installation, key.day);
    return this.spends.get(`${key.day} ${key.installation}`) ?? { calls: 0, usd: 0 };
  }
  /** Per model, per ticket: a stored vector (seq > 0) or a claim (vector null). */
  readonly embeddings = new Map<string, Map<string, { textHash: string; vector: Float32Array | null; seq: number; claimedBy: string | null; claimedUntil: number }>>();
  private embeddingSeq = 0;
  private embeddingRows(model: string) {
    let rows = this.embeddings.get(model);
    if (!rows) this.embeddings.set(model, (rows = new Map()));
    return rows;
  }
  async claimEmbeddings(model: string, targets: readonly EmbeddingTarget[], owner: string, leaseMs: number): Promise<string[]> {
    this.touch('claimEmbeddings', model, targets, owner);
    const rows = this.embeddingRows(model);
    const claimed: string[] = [];
    for (const target of new Map(targets.map((entry) => [entry.ticketId, entry])).values()) {
      const row = rows.get(target.ticketId);
      if (row && row.vector && row.textHash === target.textHash) continue;
      if (row && row.claimedBy !== null && row.claimedBy !== owner && row.claimedUntil >= Date.now()) continue;
      rows.set(target.ticketId, { textHash: target.textHash, vector: null, seq: 0, claimedBy: owner, claimedUntil: Date.now() + leaseMs });
      claimed.push(target.ticketId);
    }
    return claimed;
  }
  async saveEmbeddings(model: string, writes: readonly EmbeddingWrite[]): Promise<void> {
    this.touch('saveEmbeddings', model, writes);
    const rows = this.embeddingRows(model);
    for (const write of writes) rows.set(write.ticketId, { textHash: write.textHash, vector: Float32Array.from(write.vector), seq: ++this.embeddingSeq, claimedBy: null, claimedUntil: 0 });
  }
  async embeddingsChangedSince(model: string, seq: number, limit: number): Promise<StoredEmbedding[]> {
    this.touch('embeddingsChangedSince', model, seq, limit);
    return [...this.embeddingRows(model)]
      .flatMap(([ticketId, row]) => (row.vector && row.seq > seq ? [{ ticketId, textHash: row.textHash, vector: Float32Array.from(row.vector), seq: row.seq }] : []))
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }
}
