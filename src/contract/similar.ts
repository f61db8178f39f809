import { z } from 'zod';
import { safeText } from './text.ts';
import { TicketParams, TicketStatus } from './ticket.ts';

/** One past ticket found by similarity search. Subject is redacted. */
export const SimilarTicket = z.object({
  ticketId: z.string(),
  subject: z.string(),
  label: z.string().nullable(),
  status: TicketStatus.nullable(),
  createdAt: z.iso.datetime({ offset: true }).nullable(),
  score: z.number(),
});
export type SimilarTicket = z.infer<typeof SimilarTicket>;

export const SimilarQuery = z.object({
  q: safeText().trim().min(1).max(2_000),
  limit: z.coerce.number().int().min(1).max(50).default(5),
  /** A ticket id left out of the hits: the sidebar's own ticket, which a search for its words would find first. */
  exclude: TicketParams.shape.id.optional(),
});
export type SimilarQuery = z.infer<typeof SimilarQuery>;

export const SimilarResponse = z.object({ hits: z.array(SimilarTicket) });
export type SimilarResponse = z.infer<typeof SimilarResponse>;
