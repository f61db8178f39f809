import { z } from 'zod';
import { ActorRole, FeedbackKind } from './feedback.ts';

/**
 * The latest decisive answer (accept, reject or correct; not a like/dislike) that an agent or reviewer gave on a
 * ticket's suggestion. Kept apart from TriageResult, whose stored shape it must not change.
 */
export const TicketVerdict = z.object({
  kind: FeedbackKind.extract(['accept', 'reject', 'correct']),
  /** The label that was suggested when the answer was given. */
  label: z.string(),
  correctedLabel: z.string().nullable(),
  role: ActorRole,
  /** When the agent or reviewer answered (their clock). */
  at: z.iso.datetime({ offset: true }),
});
export type TicketVerdict = z.infer<typeof TicketVerdict>;

export const VerdictResponse = z.object({ verdict: TicketVerdict.nullable() });
export type VerdictResponse = z.infer<typeof VerdictResponse>;
