import { z } from 'zod';
import { instant } from './instant.ts';
import { safeText } from './text.ts';

export const FeedbackKind = z.enum(['accept', 'reject', 'correct', 'like', 'dislike']);
export type FeedbackKind = z.infer<typeof FeedbackKind>;

/** Who answered: an agent in the sidebar, a reviewer in the review queue, an admin. The server grants it, see server/auth. */
export const ActorRole = z.enum(['agent', 'reviewer', 'admin']);
export type ActorRole = z.infer<typeof ActorRole>;

/** Append-only: an agent's or reviewer's answer to a suggestion. `correct` becomes a training label. */
export const FeedbackEvent = z
  .object({
    idempotencyKey: safeText().min(8).max(200),
    ticketId: safeText().min(1).max(64),
    kind: FeedbackKind,
    /** The label that was suggested. */
    label: safeText().min(1).max(100),
    correctedLabel: safeText().min(1).max(100).nullable().default(null),
    /** Tags the agent applied on accept (a subset of the suggestion, possibly toggled). */
    tags: z.array(safeText().max(100)).max(100).default([]),
    /** Checked against what the token grants: a role or id the token does not vouch for is refused (403). */
    actor: z.object({ id: safeText().min(1).max(100), role: ActorRole.default('agent') }),
    at: instant(),
  })
  .refine((event) => event.kind !== 'correct' || event.correctedLabel !== null, {
    message: 'a correct event needs correctedLabel',
    path: ['correctedLabel'],
  });
export type FeedbackEvent = z.infer<typeof FeedbackEvent>;
export type FeedbackEventInput = z.input<typeof FeedbackEvent>;

export const FeedbackResponse = z.object({ id: z.string(), duplicate: z.boolean() });
export type FeedbackResponse = z.infer<typeof FeedbackResponse>;
