import type { EscalationLink, SimilarTicket } from '../contract/index.ts';
import type { IndexedTicket, SimilarHit } from './similar-index.ts';

const CLOSED_STATUSES = new Set(['solved', 'closed']);

/** Open means not solved or closed; a ticket whose status is unknown counts as open. */
export function isOpenTicket(ticket: IndexedTicket): boolean {
  return ticket.status === null || !CLOSED_STATUSES.has(ticket.status);
}

/** The contract's shape of a hit, as the API and the sidebar show it. */
export function toSimilarTicket(hit: SimilarHit): SimilarTicket {
  const { id, subject, label, status, createdAt } = hit.ticket;
  return { ticketId: id, subject, label, status, createdAt, score: hit.score };
}

export interface LinkOptions {
  /** The escalation label of the new ticket. */
  label: string;
  /** Minimum similarity (the taxonomy's `thresholds.escalationLink`). */
  threshold: number;
  isOpen?: (ticket: IndexedTicket) => boolean;
}

/** Similar escalations are linked instead of alerted twice: best open ticket of the same escalation label at or above threshold. */
export function linkEscalation(hits: readonly SimilarHit[], options: LinkOptions): EscalationLink | null {
  const isOpen = options.isOpen ?? isOpenTicket;
  let best: SimilarHit | null = null;
  for (const hit of hits) {
    if (hit.score < options.threshold || hit.ticket.label !== options.label || !isOpen(hit.ticket)) continue;
    if (best === null || hit.score > best.score) best = hit;
  }
  return best === null ? null : { ticketId: best.ticket.id, score: best.score };
}
