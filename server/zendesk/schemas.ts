import { z } from 'zod';

/**
 * The parts of Zendesk's replies this backend reads, validated at the boundary; other fields pass through unread.
 * Shapes from developer.zendesk.com: Tickets, Ticket Comments and Incremental Exports (docs/decisions/2026-12-07-zendesk-api.md).
 */
export const ZendeskTicket = z.object({
  id: z.number().int().positive(),
  subject: z.string().nullable().optional(),
  /** The first comment's text (read-only; the export carries it too). */
  description: z.string().nullable().optional(),
  status: z.string(),
  priority: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  tags: z.array(z.string()).default([]),
  /** Who asked: a comment by this user is the requester's, any other author's an agent's. */
  requester_id: z.number().int().nullable().optional(),
  /** Who the ticket is assigned to: routing never moves a ticket an agent has (docs/decisions/2026-12-07-routing-groups.md). */
  group_id: z.number().int().nullable().optional(),
  assignee_id: z.number().int().nullable().optional(),
  /** Custom field values by field id: a dropdown's value is the tag of the option chosen (the import may read a label). */
  custom_fields: z.array(z.object({ id: z.number().int(), value: z.unknown() })).optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ZendeskTicket = z.infer<typeof ZendeskTicket>;

export const TicketReply = z.object({ ticket: ZendeskTicket });

/** One page of the cursor-based Incremental Ticket Export. */
export const TicketExportPage = z.object({
  tickets: z.array(ZendeskTicket),
  after_cursor: z.string().nullable(),
  after_url: z.string().nullable().optional(),
  end_of_stream: z.boolean(),
});
export type TicketExportPage = z.infer<typeof TicketExportPage>;

export const ZendeskComment = z.object({
  id: z.number().int(),
  author_id: z.number().int().nullable().optional(),
  body: z.string().default(''),
  plain_body: z.string().optional(),
  public: z.boolean().default(true),
  created_at: z.string(),
});
export type ZendeskComment = z.infer<typeof ZendeskComment>;

export const CommentsPage = z.object({
  comments: z.array(ZendeskComment),
  next_page: z.string().nullable().optional(),
});

/** A group as `GET /api/v2/groups` lists it; `default` and `deleted` are read-only flags Zendesk sets. */
export const ZendeskGroup = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  default: z.boolean().optional(),
  deleted: z.boolean().optional(),
});
export type ZendeskGroup = z.infer<typeof ZendeskGroup>;

/** One page of groups with cursor pagination (`page[size]`): `meta.has_more` and `links.next` lead on. */
export const GroupsPage = z.object({
  groups: z.array(ZendeskGroup),
  meta: z.object({ has_more: z.boolean(), after_cursor: z.string().nullable().optional() }).optional(),
  links: z.object({ next: z.string().nullable().optional() }).optional(),
});

/** Zendesk's error bodies: `{ error, description }`, or `{ error: { title, message } }` on some endpoints. */
export const ZendeskErrorBody = z.object({
  error: z.union([z.string(), z.object({ title: z.string().optional(), message: z.string().optional() })]).optional(),
  description: z.string().optional(),
});
