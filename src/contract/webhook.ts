import { z } from 'zod';

/**
 * The answer to a Zendesk webhook delivery: `queued` (202, a job will triage the ticket), `duplicate` (200, this event
 * was received before: nothing more happens) or `ignored` (200, an event type background triage does not handle).
 */
export const WebhookAck = z.object({
  status: z.enum(['queued', 'duplicate', 'ignored']),
  jobId: z.string().nullable(),
});
export type WebhookAck = z.infer<typeof WebhookAck>;
