import type { EscalationLink, SimilarTicket } from '../../src/contract/index.ts';
import type { StoredTicket } from '../storage/store.ts';

/** Similar past tickets from the in-process index (redacted subjects only). */
export interface SimilarSearch {
  /** Best first; lexical, fused with embeddings when they are on and a query vector comes in time. */
  search(text: string, options: { limit: number; excludeId?: string }): Promise<SimilarTicket[]>;
  /**
   * `search`, and when `escalation` is given the most similar open ticket of that label at or above the threshold
   * (linked instead of alerting twice), in one pass where it can.
   */
  searchWithLink(
    text: string,
    options: { limit: number; excludeId: string },
    escalation: { label: string; threshold: number } | null,
  ): Promise<{ hits: SimilarTicket[]; link: EscalationLink | null }>;
  /** Adds or replaces one ticket at once (a ticket triaged on this instance). */
  add(ticket: StoredTicket): void;
  /** Catches up with tickets stored by imports or other instances. */
  refresh(): Promise<void>;
  size(): number;
  /** The embeddings side for /readyz; null when TRIAGE_EMBEDDING_MODEL is not set. */
  embeddingStatus(): { model: string; vectors: number; pending: number } | null;
}
