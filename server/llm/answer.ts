import { z } from 'zod';
import type { Suggestion, suggestionSchema } from '../../src/contract/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import { LlmError } from './errors.ts';

/** The parts of a chat completion we read, validated: the SDK types the reply but does not check it. */
const Completion = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullable().optional(),
        message: z.object({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional(),
        }),
        logprobs: z
          .object({
            content: z
              .array(z.object({ token: z.string(), logprob: z.number() }))
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) })
    .nullable()
    .optional(),
});

export interface ParsedAnswer {
  readonly suggestion: Suggestion;
  /** exp(sum of log-probabilities) of the tokens spelling the label, when the endpoint sent them. */
  readonly labelProbability: number | null;
  readonly usage: { tokensIn: number; tokensOut: number };
}

/** Usage alone, for failed answers that still cost tokens. */
export function usageOf(completion: unknown): { tokensIn: number; tokensOut: number } {
  const parsed = Completion.safeParse(completion);
  const usage = parsed.success ? parsed.data.usage : null;
  return { tokensIn: usage?.prompt_tokens ?? 0, tokensOut: usage?.completion_tokens ?? 0 };
}

/**
 * Reads one chat completion into a taxonomy suggestion, or throws a typed error saying what was
 * wrong. Error messages name fields and codes, never the model's text.
 */
export function parseAnswer(
  completion: unknown,
  schema: ReturnType<typeof suggestionSchema>,
  taxonomy: Taxonomy,
): ParsedAnswer {
  const parsed = Completion.safeParse(completion);
  if (!parsed.success) throw new LlmError('LLM_BAD_JSON', 'the endpoint sent something that is not a chat completion');
  const choice = parsed.data.choices[0];
  const usage = usageOf(completion);
  if (!choice) throw new LlmError('LLM_BAD_JSON', 'the completion has no choices');
  if (choice.message.refusal) throw new LlmError('LLM_REFUSAL', 'the model refused to classify the ticket');
  if (choice.finish_reason === 'content_filter') throw new LlmError('LLM_REFUSAL', 'the endpoint filtered the answer');
  if (choice.finish_reason === 'length')
    throw new LlmError('LLM_TRUNCATED', 'the answer was cut off at the token limit');
  const content = choice.message.content;
  if (!content) throw new LlmError('LLM_BAD_JSON', 'the answer is empty');

  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new LlmError('LLM_BAD_JSON', 'the answer is not valid JSON', { cause: error });
  }
  const label = json && typeof json === 'object' && 'label' in json ? json.label : undefined;
  if (typeof label === 'string' && !taxonomy.labelById.has(label)) {
    throw new LlmError('LLM_UNKNOWN_LABEL', 'the answer names a label that is not in the taxonomy');
  }
  const suggestion = schema.safeParse(json);
  if (!suggestion.success) {
    const paths = [...new Set(suggestion.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new LlmError('LLM_SCHEMA', `the answer does not match the schema at ${paths.join(', ')}`);
  }
  return {
    suggestion: suggestion.data,
    labelProbability: labelProbability(content, choice.logprobs?.content ?? null, suggestion.data.label),
    usage,
  };
}

/**
 * Probability the model gave the label it wrote: the product of the probabilities of the tokens
 * that spell the label's value in the JSON. Null without log-probabilities.
 */
export function labelProbability(
  content: string,
  tokens: readonly { token: string; logprob: number }[] | null,
  label: string,
): number | null {
  if (!tokens || tokens.length === 0) return null;
  const key = /"label"\s*:\s*"/.exec(content);
  if (!key) return null;
  const start = key.index + key[0].length;
  const end = start + label.length;
  if (content.slice(start, end) !== label) return null;
  let offset = 0;
  let sum = 0;
  let covered = false;
  for (const { token, logprob } of tokens) {
    const tokenEnd = offset + token.length;
    if (tokenEnd > start && offset < end) {
      sum += logprob;
      covered = true;
    }
    offset = tokenEnd;
  }
  // Tokens that do not add up to the content (some servers normalise) cannot be trusted.
  if (!covered || offset !== content.length) return null;
  return Math.min(1, Math.max(0, Math.exp(sum)));
}
