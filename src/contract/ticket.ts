import { z } from 'zod';
import { instant } from './instant.ts';
import { safeText } from './text.ts';

/** Who wrote a comment. `system` covers triggers, automations and integrations. */
export const AuthorRole = z.enum(['requester', 'agent', 'system']);
export type AuthorRole = z.infer<typeof AuthorRole>;

export const TicketStatus = z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

const isoDateTime = instant();

export const TicketComment = z.object({
  authorRole: AuthorRole,
  authorName: safeText().max(200).optional(),
  body: safeText().max(200_000),
  public: z.boolean().default(true),
  createdAt: isoDateTime.optional(),
});
export type TicketComment = z.infer<typeof TicketComment>;

export const Participant = z.object({
  name: safeText().max(200).optional(),
  email: safeText().max(320).optional(),
});
export type Participant = z.infer<typeof Participant>;

/**
 * A support ticket as the sidebar reads it through ZAF, or as an import line.
 * Text fields may hold PII: the server redacts before storing anything.
 */
export const Ticket = z.object({
  id: safeText()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'ticket id may hold letters, digits and _ . : - only'),
  subject: safeText().max(1_000).default(''),
  description: safeText().max(500_000).default(''),
  comments: z.array(TicketComment).max(500).default([]),
  requester: Participant.optional(),
  /** Names of agents and other known participants; redacted wherever they appear. */
  participants: z.array(Participant).max(100).default([]),
  tags: z.array(safeText().min(1).max(100)).max(200).default([]),
  status: TicketStatus.optional(),
  locale: safeText().max(20).optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
});
export type Ticket = z.infer<typeof Ticket>;
export type TicketInput = z.input<typeof Ticket>;

/** The `:id` of the `/v1/tickets/:id/…` routes: any id a ticket may have been stored or answered under. */
export const TicketParams = z.object({ id: safeText().min(1).max(64) });
export type TicketParams = z.infer<typeof TicketParams>;

/** A labelled past ticket, one line of an import (JSONL) or a training file. */
export const LabelledTicket = Ticket.extend({
  label: safeText().min(1).max(100),
  urgency: safeText().min(1).max(50).optional(),
});
export type LabelledTicket = z.infer<typeof LabelledTicket>;
