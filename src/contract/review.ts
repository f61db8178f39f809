import { z } from 'zod';
import { Decision, HeldBack, LabelSource } from './triage.ts';

/** The longest excerpt of a ticket's message the review queue shows, in UTF-16 code units. */
export const REVIEW_EXCERPT_LIMIT = 280;

/** One ticket waiting for a reviewer: a low-confidence result with no feedback yet. Subject and excerpt are redacted. */
export const ReviewItem = z.object({
  ticketId: z.string(),
  subject: z.string(),
  /**
   * The start of the message below the subject, as stored (redacted), in one line; '' when there is none. Optional:
   * an app may talk to a backend older than itself.
   */
  excerpt: z.string().max(REVIEW_EXCERPT_LIMIT).optional(),
  label: z.string(),
  confidence: z.number().min(0).max(1),
  decision: Decision,
  /** The reason shown beside the label (rule, model words or the LLM's one line); null when there is none. */
  reason: z.string().nullable(),
  /**
   * The suggestion's source, rule id and evidence (as in TriageResult.label) and what held its decision back: the app
   * shows the reason and the hold in the reviewer's language from them. Optional: an app may talk to a backend older
   * than itself, and results stored before them have no evidence or hold (null).
   */
  source: LabelSource.optional(),
  ruleId: z.string().nullable().optional(),
  evidence: z.array(z.string()).nullable().optional(),
  heldBack: HeldBack.nullable().optional(),
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
