import { z } from 'zod';
import { Ticket } from './ticket.ts';
import { SimilarTicket } from './similar.ts';

/** Who chose the label: a keyword rule, the local model, the LLM, or `none` (no model yet, and nothing else answered). */
export const LabelSource = z.enum(['rule', 'model', 'llm', 'none']);
export type LabelSource = z.infer<typeof LabelSource>;

/** auto: apply without asking; draft: an agent confirms; review: a human decides. */
export const Decision = z.enum(['auto', 'draft', 'review']);
export type Decision = z.infer<typeof Decision>;

/**
 * Why the decision is lower than the confidence alone would give (the taxonomy's thresholds), so an agent who sees
 * "99 %" next to a draft knows what held it back. `out_of_scope` from the in-scope floor is reported at any
 * confidence (the ticket is unlike the training tickets whatever the number says); the others only when they lowered
 * the decision:
 * - `unproven_label`: the label's own cross-validated record does not show the precision target at this confidence
 *   (or the label is never auto-applied);
 * - `out_of_scope`: the text is unlike the tickets the local model learnt from;
 * - `close_call`: an escalation label close to the top one was promoted, or the top label left the taxonomy;
 * - `no_model`: the installation has no trained model yet;
 * - `llm_failed`: the LLM was asked and did not answer.
 */
export const HeldBack = z.enum(['unproven_label', 'out_of_scope', 'close_call', 'no_model', 'llm_failed']);
export type HeldBack = z.infer<typeof HeldBack>;

export const ZendeskPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type ZendeskPriority = z.infer<typeof ZendeskPriority>;

export const ZendeskTicketType = z.enum(['question', 'incident', 'problem', 'task']);
export type ZendeskTicketType = z.infer<typeof ZendeskTicketType>;

export const LabelScore = z.object({ label: z.string(), confidence: z.number().min(0).max(1) });
export type LabelScore = z.infer<typeof LabelScore>;

export const LabelSuggestion = z.object({
  name: z.string(),
  confidence: z.number().min(0).max(1),
  source: LabelSource,
  /** Why: the rule that fired, the model's evidence, or the LLM's reason. Redacted text only. */
  reason: z.string().max(500),
  /** Id of the keyword rule when source is `rule`. */
  ruleId: z.string().nullable(),
  /**
   * What `reason` says, as data the app shows in the agent's language: the ticket's own (redacted) words that pushed
   * the local model, the phrase (or pattern) a rule matched, or the LLM's own sentence; [] when the model found no
   * telling word. Null for a promoted escalation label (the words were for the label it replaced), when nothing
   * answered, and for results stored before it existed: the app then shows `reason`.
   */
  evidence: z.array(z.string().max(200)).max(10).nullable().default(null),
});
export type LabelSuggestion = z.infer<typeof LabelSuggestion>;

export const UrgencySuggestion = z.object({
  level: z.string(),
  priority: ZendeskPriority,
  confidence: z.number().min(0).max(1),
  source: LabelSource,
});
export type UrgencySuggestion = z.infer<typeof UrgencySuggestion>;

/** What redaction removed: types and counts only, never values. */
export const RedactionSummary = z.object({
  total: z.number().int().min(0),
  byType: z.record(z.string(), z.number().int().min(0)),
});
export type RedactionSummary = z.infer<typeof RedactionSummary>;

/** Which tiers ran. `llm` says whether the LLM tier was off, skipped, used or failed (and why). */
export const TierInfo = z.object({
  llm: z.enum(['off', 'skipped', 'used', 'failed']),
  detail: z.string().max(300).nullable(),
});
export type TierInfo = z.infer<typeof TierInfo>;

export const CostInfo = z.object({
  tokensIn: z.number().int().min(0),
  tokensOut: z.number().int().min(0),
  usd: z.number().min(0),
});
export type CostInfo = z.infer<typeof CostInfo>;

export const EscalationLink = z.object({
  ticketId: z.string(),
  score: z.number(),
});
export type EscalationLink = z.infer<typeof EscalationLink>;

export const TriageResult = z.object({
  ticketId: z.string(),
  label: LabelSuggestion,
  /** The next best labels, most likely first: they order the agent's correction list. */
  alternatives: z.array(LabelScore).max(10),
  urgency: UrgencySuggestion,
  /** Zendesk ticket type derived from the label. */
  ticketType: ZendeskTicketType,
  tags: z.array(z.string()),
  /**
   * The language the requester wrote in (subject and description), ISO 639-1; null when unsure (too little text, or
   * no reliable guess). Results stored before it existed read as null.
   */
  language: z
    .string()
    .regex(/^[a-z]{2}$/)
    .nullable()
    .default(null),
  summary: z.string().max(300),
  decision: Decision,
  /** What held the decision below the confidence's own band; null when nothing did. Older stored results read null. */
  heldBack: HeldBack.nullable().default(null),
  escalation: z.object({
    isEscalation: z.boolean(),
    /** An open escalation this one duplicates: linked instead of alerted twice. */
    linkedTo: EscalationLink.nullable(),
  }),
  similar: z.array(SimilarTicket),
  redaction: RedactionSummary,
  tier: TierInfo,
  versions: z.object({ model: z.string(), taxonomy: z.string(), prompt: z.string().nullable() }),
  cost: CostInfo.nullable(),
  latencyMs: z.number().min(0),
  textHash: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TriageResult = z.infer<typeof TriageResult>;

export const TriageRequest = z.object({ ticket: Ticket });
export type TriageRequest = z.infer<typeof TriageRequest>;
export type TriageRequestInput = z.input<typeof TriageRequest>;
