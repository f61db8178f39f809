import { z } from 'zod';
import { Decision } from './triage.ts';

/** One ticket waiting for a reviewer: a low-confidence result with no feedback yet. Subject is redacted. */
export const ReviewItem = z.object({
  ticketId: z.string(),
  subject: z.string(),
  label: z.string(),
  confidence: z.number().min(0).max(1),
  decision: Decision,
  /** The reason shown beside the label (rule, model words or the LLM's one line); null when there is none. */
  reason: z.string().nullable(),
  /** Hash of the triaged text: part of the feedback idempotency key, so a retry of the same answer is stored once. */
  textHash: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export type ReviewQuery = z.infer<typeof ReviewQuery>;

export const ReviewResponse = z.object({
  items: z.array(ReviewItem),
  /** Everything waiting, beyond this page too. Optional: an app may talk to a backend older than itself. */
  total: z.number().int().min(0).optional(),
});
export type ReviewResponse = z.infer<typeof ReviewResponse>;
