import { z } from 'zod';

/** Who wrote a comment. `system` covers triggers, automations and integrations. */
export const AuthorRole = z.enum(['requester', 'agent', 'system']);
export type AuthorRole = z.infer<typeof AuthorRole>;

export const TicketStatus = z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

const isoDateTime = z.iso.datetime({ offset: true });

export const TicketComment = z.object({
  authorRole: AuthorRole,
  authorName: z.string().max(200).optional(),
  body: z.string().max(200_000),
  public: z.boolean().default(true),
  createdAt: isoDateTime.optional(),
});
export type TicketComment = z.infer<typeof TicketComment>;

export const Participant = z.object({
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
});
export type Participant = z.infer<typeof Participant>;

/**
 * A support ticket as the sidebar reads it through ZAF, or as an import line.
 * Text fields may hold PII: the server redacts before storing anything.
 */
export const Ticket = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'ticket id may hold letters, digits and _ . : - only'),
  subject: z.string().max(1_000).default(''),
  description: z.string().max(500_000).default(''),
  comments: z.array(TicketComment).max(500).default([]),
  requester: Participant.optional(),
  /** Names of agents and other known participants; redacted wherever they appear. */
  participants: z.array(Participant).max(100).default([]),
  tags: z.array(z.string().min(1).max(100)).max(200).default([]),
  status: TicketStatus.optional(),
  locale: z.string().max(20).optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
});
export type Ticket = z.infer<typeof Ticket>;
export type TicketInput = z.input<typeof Ticket>;

/** A labelled past ticket, one line of an import (JSONL) or a training file. */
export const LabelledTicket = Ticket.extend({
  label: z.string().min(1).max(100),
  urgency: z.string().min(1).max(50).optional(),
});
export type LabelledTicket = z.infer<typeof LabelledTicket>;
