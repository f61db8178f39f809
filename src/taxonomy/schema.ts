import { z } from 'zod';
import { ZendeskPriority, ZendeskTicketType } from '../contract/index.ts';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ (for example "account_access")');

export const LabelDefinition = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().min(10, 'describe the label in a sentence: the LLM and reviewers read it'),
  examples: z.array(z.string().min(1)).min(3, 'give at least three example tickets'),
  ticketType: ZendeskTicketType,
  group: z.string().nullable().default(null),
  escalation: z.boolean().default(false),
  defaultUrgency: id,
});
export type LabelDefinition = z.infer<typeof LabelDefinition>;

export const UrgencyLevel = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().min(1),
  priority: ZendeskPriority,
  /** Words that raise a ticket to this level (any language), matched like rule keywords. */
  keywords: z.array(z.string().min(1)).default([]),
});
export type UrgencyLevel = z.infer<typeof UrgencyLevel>;

export const TagDefinition = z.strictObject({
  id: z.string().regex(/^[a-z0-9_:-]+$/, 'Zendesk tags are lower-case without spaces'),
  description: z.string().min(1),
  /** Words or phrases (any language) that suggest this tag. */
  keywords: z.array(z.string().min(1)).default([]),
});
export type TagDefinition = z.infer<typeof TagDefinition>;

export const KeywordRule = z.strictObject({
  id,
  description: z.string().min(1),
  label: id,
  urgency: id.optional(),
  tags: z.array(z.string()).default([]),
  /** Literal phrases, matched case- and accent-insensitively on word boundaries (substring for CJK). */
  keywords: z.array(z.string().min(1)).default([]),
  /** Regular expressions (JavaScript syntax, matched case-insensitively). */
  patterns: z.array(z.string().min(1)).default([]),
  /** Higher wins when several rules fire. */
  priority: z.number().int().default(0),
  /**
   * Fires only on tickets detected in one of these languages (ISO 639-1, e.g. [de, fr]); absent: any language. A
   * ticket whose language is unsure matches no rule that names languages.
   */
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as de'))
    .min(1)
    .optional(),
});
export type KeywordRule = z.infer<typeof KeywordRule>;

export const Thresholds = z
  .strictObject({
    auto: z.number().min(0).max(1).default(0.85),
    review: z.number().min(0).max(1).default(0.6),
    /** Similarity above which a new escalation is linked to an open one instead of alerted again. */
    escalationLink: z.number().min(0).max(1).default(0.55),
    /** Similar past tickets below this score are not attached to a triage result (noise for the agent). */
    similar: z.number().min(0).max(1).default(0.25),
    /**
     * Precision a label must show on cross-validation of the account's own tickets before the local model applies it
     * without review (a one-sided 95 % lower bound, per label); a label that cannot show it is drafted at most.
     */
    autoPrecision: z.number().min(0.5).max(1).default(0.97),
    /** The same for escalation labels, where a wrong answer costs more. */
    escalationAutoPrecision: z.number().min(0.5).max(1).default(0.99),
    /**
     * A label is drafted below thresholds.review where cross-validation shows this precision (same bound); never above
     * thresholds.review.
     */
    draftPrecision: z.number().min(0.5).max(1).default(0.8),
  })
  .refine((t) => t.review <= t.auto, {
    message: 'thresholds.review must not exceed thresholds.auto',
    path: ['review'],
  })
  .refine((t) => t.escalationAutoPrecision >= t.autoPrecision, {
    message: 'thresholds.escalationAutoPrecision must not be below thresholds.autoPrecision',
    path: ['escalationAutoPrecision'],
  })
  .refine((t) => t.draftPrecision <= t.autoPrecision, {
    message: 'thresholds.draftPrecision must not exceed thresholds.autoPrecision',
    path: ['draftPrecision'],
  });
export type Thresholds = z.infer<typeof Thresholds>;

export const TaxonomyFile = z.strictObject({
  version: z.union([z.string().min(1), z.number()]).transform(String),
  labels: z.array(LabelDefinition).min(2).max(50),
  urgency: z.array(UrgencyLevel).min(1),
  tags: z.array(TagDefinition).default([]),
  rules: z.array(KeywordRule).default([]),
  thresholds: Thresholds.default({
    auto: 0.85,
    review: 0.6,
    escalationLink: 0.55,
    similar: 0.25,
    autoPrecision: 0.97,
    escalationAutoPrecision: 0.99,
    draftPrecision: 0.8,
  }),
});
export type TaxonomyFile = z.infer<typeof TaxonomyFile>;
