import { z } from 'zod';
import { safeText } from './text.ts';

export interface SuggestionVocabulary {
  labels: readonly [string, ...string[]];
  urgency: readonly [string, ...string[]];
  tags: readonly [string, ...string[]];
}

/**
 * The structured suggestion an LLM must return, restricted to the taxonomy.
 * Strict-mode safe: every field required, nothing optional.
 */
export function suggestionSchema(vocabulary: SuggestionVocabulary) {
  return z.object({
    label: z.enum(vocabulary.labels),
    urgency: z.enum(vocabulary.urgency),
    tags: z.array(z.enum(vocabulary.tags)),
    summary: safeText().describe('One sentence, no personal data.'),
    reason: safeText().describe('Why this label, in one short sentence.'),
  });
}
export type Suggestion = z.infer<ReturnType<typeof suggestionSchema>>;
