import { z } from 'zod';
import { ZendeskPriority, ZendeskTicketType } from './triage.ts';

/** What `GET /v1/taxonomy` returns to the UI: no rules, no examples. */
export const TaxonomyView = z.object({
  version: z.string(),
  labels: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      ticketType: ZendeskTicketType,
      escalation: z.boolean(),
      /** Urgency id a ticket of this label gets unless something raises it: a correction sets its priority. */
      defaultUrgency: z.string(),
      /** The Zendesk group (by name) a ticket of this label is routed to; null or absent: none. */
      group: z.string().nullable().optional(),
    }),
  ),
  urgency: z.array(z.object({ id: z.string(), name: z.string(), priority: ZendeskPriority })),
  tags: z.array(z.object({ id: z.string(), description: z.string() })),
  thresholds: z.object({ auto: z.number(), review: z.number() }),
});
export type TaxonomyView = z.infer<typeof TaxonomyView>;
