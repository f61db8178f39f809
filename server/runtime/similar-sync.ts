import type { Logger } from 'pino';
import type { EscalationLink, SimilarTicket } from '../../src/contract/index.ts';
import { isOpenTicket, linkEscalation, SimilarIndex, toSimilarTicket } from '../../src/similar/index.ts';
import type { Store, StoredTicket } from '../storage/store.ts';
import type { SimilarSearch } from './runtime.ts';

/** Tickets read per catch-up query: bounded memory while loading 100k tickets at start. */
const PAGE = 5_000;
/** Candidates looked at for an open escalation of the same label. */
const ESCALATION_CANDIDATES = 20;

/**
 * The in-process similar index, built from the store at start and kept current: tickets triaged here are added at
 * once; tickets stored by imports or other instances arrive by polling `ticketsChangedSince` (every instance sees
 * every ticket within one poll interval).
 */
export class SimilarSync implements SimilarSearch {
  readonly index = new SimilarIndex();
  private lastSeq = 0;
  private refreshing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  search(text: string, options: { limit: number; excludeId?: string }): SimilarTicket[] {
    return this.index.search(text, { limit: options.limit, ...(options.excludeId ? { excludeId: options.excludeId } : {}) }).map(toSimilarTicket);
  }

  escalationLink(text: string, options: { label: string; excludeId: string; threshold: number }): EscalationLink | null {
    const hits = this.index.search(text, {
      limit: ESCALATION_CANDIDATES,
      excludeId: options.excludeId,
      filter: (ticket) => ticket.label === options.label && isOpenTicket(ticket),
    });
    return linkEscalation(hits, { label: options.label, threshold: options.threshold });
  }

  add(ticket: StoredTicket): void {
    this.index.add({ id: ticket.id, subject: ticket.subject, label: ticket.label, status: ticket.status, createdAt: ticket.createdAt }, ticket.text);
  }

  size(): number {
    return this.index.size;
  }

  /** Reads every change since the last one seen; concurrent callers share one run. */
  refresh(): Promise<void> {
    this.refreshing ??= this.catchUp().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const changed = await this.store.ticketsChangedSince(this.lastSeq, PAGE);
      for (const ticket of changed) {
        this.add(ticket);
        this.lastSeq = Math.max(this.lastSeq, ticket.seq);
      }
      if (changed.length < PAGE) return;
    }
  }

  startPolling(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'similar index poll failed; retrying next interval'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a catch-up in flight, so the store can be closed under it safely. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.refreshing?.catch(() => undefined);
  }
}
