import type { Logger } from 'pino';
import type { EscalationLink, SimilarTicket } from '../../src/contract/index.ts';
import {
  fuseRankings,
  isOpenTicket,
  linkEscalation,
  SimilarIndex,
  toSimilarTicket,
  type SearchOptions,
  type SimilarHit,
} from '../../src/similar/index.ts';
import { Periodic } from '../jobs/index.ts';
import type { StoredTicket, TicketStore } from '../storage/store.ts';
import type { EmbeddingStatus, EmbeddingSync } from './embedding-sync.ts';
import { SharedRun } from './shared-run.ts';
import type { SimilarSearch } from './similar-search.ts';

/** Tickets read per catch-up query: bounded memory while loading 100k tickets at start. */
const PAGE = 5_000;
/** Candidates looked at for an open escalation of the same label. */
const ESCALATION_CANDIDATES = 20;
/** Candidates each ranking contributes to the fusion, at least. */
const FUSION_CANDIDATES = 50;

/** The lexical search behind an escalation link: open tickets of the escalation's label. */
function escalationSearch(options: { label: string; excludeId: string }): SearchOptions {
  return {
    limit: ESCALATION_CANDIDATES,
    excludeId: options.excludeId,
    filter: (ticket) => ticket.label === options.label && isOpenTicket(ticket),
  };
}

/**
 * The in-process similar index, built from the store at start and kept current: tickets triaged here are added at
 * once; tickets stored by imports or other instances arrive by polling `ticketsChangedSince` (every instance sees
 * every ticket within one poll interval). With embeddings, the lexical ranking is fused (reciprocal rank) with the
 * dense one whenever a query vector is at hand in time; otherwise the answer is the lexical ranking alone.
 */
export class SimilarSync implements SimilarSearch {
  readonly index = new SimilarIndex();
  private lastSeq = 0;
  private caughtUp = false;
  private readonly catchingUp = new SharedRun(() => this.catchUp());
  private readonly poller = new Periodic(
    () => this.refresh(),
    (error) => this.logger.warn({ err: error }, 'similar index poll failed; retrying next interval'),
  );

  constructor(
    private readonly store: TicketStore,
    private readonly logger: Logger,
    /** The dense side (TRIAGE_EMBEDDING_MODEL); null keeps search lexical. */
    readonly embeddings: EmbeddingSync | null = null,
  ) {}

  async search(text: string, options: { limit: number; excludeId?: string }): Promise<SimilarTicket[]> {
    const exclude = options.excludeId ? { excludeId: options.excludeId } : {};
    const limit = Math.floor(options.limit);
    if (!this.embeddings || !(limit > 0)) return this.index.search(text, { limit, ...exclude }).map(toSimilarTicket);
    const candidates = Math.max(limit * 4, FUSION_CANDIDATES);
    const lexical = this.index.search(text, { limit: candidates, ...exclude });
    const vector = await this.embeddings.queryVector(text, options.excludeId);
    if (!vector) return lexical.slice(0, limit).map(toSimilarTicket);
    const dense = this.embeddings
      .search(
        vector,
        candidates + 1,
        lexical.map((hit) => hit.ticket.id),
      )
      .filter((hit) => hit.id !== options.excludeId && this.index.get(hit.id) !== undefined)
      .slice(0, candidates);
    const lexicalById = new Map(lexical.map((hit) => [hit.ticket.id, hit]));
    const cosineById = new Map(dense.map((hit) => [hit.id, hit.score]));
    const fused = fuseRankings([lexical.map((hit) => ({ id: hit.ticket.id, score: hit.score })), dense]);
    return fused.slice(0, limit).map(({ id }): SimilarTicket => {
      // The score shown stays a similarity in 0..1: the better of the lexical score and the cosine.
      const hit: SimilarHit = lexicalById.get(id) ?? { ticket: this.index.get(id)!, score: 0 };
      return toSimilarTicket({ ticket: hit.ticket, score: Math.min(1, Math.max(hit.score, cosineById.get(id) ?? 0)) });
    });
  }

  embeddingStatus(): EmbeddingStatus | null {
    return this.embeddings?.status() ?? null;
  }

  escalationLink(
    text: string,
    options: { label: string; excludeId: string; threshold: number },
  ): EscalationLink | null {
    const hits = this.index.search(text, escalationSearch(options));
    return linkEscalation(hits, { label: options.label, threshold: options.threshold });
  }

  async searchWithLink(
    text: string,
    options: { limit: number; excludeId: string },
    escalation: { label: string; threshold: number } | null,
  ): Promise<{ hits: SimilarTicket[]; link: EscalationLink | null }> {
    // With embeddings the draft's list is a fusion; the link stays lexical, as escalationLink has it.
    if (escalation === null || this.embeddings) {
      const hits = await this.search(text, options);
      return {
        hits,
        link: escalation ? this.escalationLink(text, { ...escalation, excludeId: options.excludeId }) : null,
      };
    }
    // Lexical only: one first stage for both (the query terms and the rarest postings are the same).
    const [hits, candidates] = this.index.searchEach(text, [
      { limit: Math.floor(options.limit), excludeId: options.excludeId },
      escalationSearch({ ...escalation, excludeId: options.excludeId }),
    ]);
    return { hits: hits!.map(toSimilarTicket), link: linkEscalation(candidates!, escalation) };
  }

  add(ticket: StoredTicket): void {
    this.index.add(
      {
        id: ticket.id,
        subject: ticket.subject,
        label: ticket.label,
        status: ticket.status,
        createdAt: ticket.createdAt,
      },
      ticket.text,
    );
    this.embeddings?.noteTicket(ticket.id, ticket.text);
  }

  size(): number {
    return this.index.size;
  }

  /** Estimated heap bytes of the lexical index and the embeddings side (what a memory budget counts). */
  residentBytes(): number {
    return this.index.stats().residentBytes + (this.embeddings?.residentBytes() ?? 0);
  }

  /** Reads every change since the last one seen; concurrent callers share one run. */
  refresh(): Promise<void> {
    return this.catchingUp.run();
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const changed = await this.store.ticketsChangedSince(this.lastSeq, PAGE);
      for (const ticket of changed) {
        this.add(ticket);
        this.lastSeq = Math.max(this.lastSeq, ticket.seq);
      }
      if (changed.length < PAGE) break;
    }
    // After the tickets, so a vector is matched against the ticket's current text.
    await this.embeddings?.refresh();
    this.caughtUp = true;
  }

  /** Whether the index has read the store at least once (a runtime may start without loading it). */
  get loaded(): boolean {
    return this.caughtUp;
  }

  startPolling(intervalMs: number): void {
    this.poller.start(intervalMs);
  }

  /** Stops polling and waits for a catch-up in flight, so the store can be closed under it safely. */
  async stop(): Promise<void> {
    await this.poller.stop();
    await this.catchingUp.settled();
    await this.embeddings?.stop();
  }
}
