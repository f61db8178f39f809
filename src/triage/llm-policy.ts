import { z } from 'zod';

/** When the pipeline asks the LLM tier: never, only when the local tiers are unsure (no rule fired, below auto), or always. */
export const LlmPolicy = z.enum(['off', 'uncertain', 'always']);
export type LlmPolicy = z.infer<typeof LlmPolicy>;
