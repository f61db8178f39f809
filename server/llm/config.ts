import { z } from 'zod';
import { LlmPolicy } from '../../src/triage/index.ts';

/** An LLM setting in the environment that cannot be used, with the variable and the fix. */
export class LlmConfigError extends Error {
  readonly code = 'LLM_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'LlmConfigError';
  }
}

export { LlmPolicy };

/** `a, b or c`. */
const oneOf = (options: readonly string[]) =>
  options.length > 1 ? `${options.slice(0, -1).join(', ')} or ${options.at(-1)}` : options.join('');

const optionalNumber = (name: string, schema: z.ZodNumber) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return undefined;
      if (!Number.isFinite(Number(value))) {
        context.addIssue({ code: 'custom', message: `${name}=${JSON.stringify(value)} is not a number` });
        return z.NEVER;
      }
      const parsed = schema.safeParse(Number(value));
      if (!parsed.success) {
        context.addIssue({
          code: 'custom',
          message: `${name}=${JSON.stringify(value)} is not valid: ${parsed.error.issues[0]?.message ?? 'bad number'}`,
        });
        return z.NEVER;
      }
      return parsed.data;
    });

const Env = z.object({
  OPENAI_BASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(
      z
        .url({
          protocol: /^https?$/,
          message:
            'OPENAI_BASE_URL must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)',
        })
        .optional(),
    ),
  OPENAI_API_KEY: z.string().trim().optional(),
  TRIAGE_LLM_MODEL: z.string().trim().min(1).optional(),
  TRIAGE_LLM_POLICY: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.toLowerCase() : 'uncertain'))
    .pipe(z.enum(LlmPolicy.options, { error: `TRIAGE_LLM_POLICY must be ${oneOf(LlmPolicy.options)}` })),
  TRIAGE_LLM_TIMEOUT_MS: optionalNumber(
    'TRIAGE_LLM_TIMEOUT_MS',
    z.number().int('use whole milliseconds').min(100, 'use at least 100 ms').max(300_000, 'use at most 300000 ms'),
  ),
  TRIAGE_LLM_MAX_RETRIES: optionalNumber(
    'TRIAGE_LLM_MAX_RETRIES',
    z.number().int().min(0, 'use 0 or more').max(10, 'use at most 10'),
  ),
  TRIAGE_LLM_MAX_CONCURRENT: optionalNumber(
    'TRIAGE_LLM_MAX_CONCURRENT',
    z.number().int('use a whole number').min(1, 'use at least 1').max(256, 'use at most 256'),
  ),
  TRIAGE_LLM_DAILY_BUDGET_CALLS: optionalNumber(
    'TRIAGE_LLM_DAILY_BUDGET_CALLS',
    z
      .number()
      .int('use a whole number of calls')
      .min(0, 'use 0 or more')
      .max(2_147_483_647, 'use at most 2147483647, or unset it for no limit'),
  ),
  TRIAGE_LLM_DAILY_BUDGET_USD: optionalNumber(
    'TRIAGE_LLM_DAILY_BUDGET_USD',
    z.number().min(0, 'use 0 or more US dollars'),
  ),
  TRIAGE_LLM_PRICE_IN: optionalNumber(
    'TRIAGE_LLM_PRICE_IN',
    z.number().min(0, 'a price per 1M input tokens in USD, 0 or more'),
  ),
  TRIAGE_LLM_PRICE_OUT: optionalNumber(
    'TRIAGE_LLM_PRICE_OUT',
    z.number().min(0, 'a price per 1M output tokens in USD, 0 or more'),
  ),
  TRIAGE_LLM_LOGPROBS: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return false;
      if (/^(1|true|yes|on)$/i.test(value)) return true;
      if (/^(0|false|no|off)$/i.test(value)) return false;
      context.addIssue({ code: 'custom', message: `TRIAGE_LLM_LOGPROBS=${JSON.stringify(value)}: use true or false` });
      return z.NEVER;
    }),
  TRIAGE_PROMPT: z.string().trim().optional(),
  TRIAGE_EMBEDDING_MODEL: z.string().trim().optional(),
});

/** The LLM tier's settings, parsed once from the environment and frozen. */
export interface LlmConfig {
  readonly baseURL: string | undefined;
  readonly apiKey: string;
  readonly model: string;
  readonly policy: LlmPolicy;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxConcurrent: number;
  readonly budget: { readonly calls: number | null; readonly usd: number | null };
  readonly prices: { readonly inputPerMillion: number; readonly outputPerMillion: number };
  readonly logprobs: boolean;
  /** Prompt file path; the bundled config/prompt.yaml when null. */
  readonly promptPath: string | null;
  /** Embedding model for similar tickets; null keeps similarity lexical. */
  readonly embeddingModel: string | null;
}

/** The model used when only a key is set: small, cheap, and supports strict structured outputs. */
export const DEFAULT_LLM_MODEL = 'gpt-4o-mini';

/**
 * Reads the LLM settings. No OPENAI_API_KEY → null: the tier is off, and results say so.
 * (Self-hosted servers that need no key, such as Ollama, take any placeholder key, e.g. "ollama".)
 * Throws LlmConfigError naming every bad variable and how to fix it.
 */
export function llmConfigFromEnv(env: Record<string, string | undefined>): LlmConfig | null {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) =>
      issue.message.includes(String(issue.path[0] ?? ''))
        ? issue.message
        : `${String(issue.path[0] ?? 'env')}: ${issue.message}`,
    );
    throw new LlmConfigError(`LLM settings: ${messages.join('; ')}`);
  }
  const values = parsed.data;
  if (!values.OPENAI_API_KEY) return null;
  if (values.OPENAI_BASE_URL && !values.TRIAGE_LLM_MODEL) {
    throw new LlmConfigError(
      'LLM settings: TRIAGE_LLM_MODEL is required with OPENAI_BASE_URL: name the model your server serves (e.g. llama3.1:8b for Ollama)',
    );
  }
  const noPrices = !values.TRIAGE_LLM_PRICE_IN && !values.TRIAGE_LLM_PRICE_OUT;
  if (values.TRIAGE_LLM_DAILY_BUDGET_USD !== undefined && noPrices) {
    // Without prices every call costs 0 USD, so a USD budget would never stop anything.
    throw new LlmConfigError(
      'LLM settings: TRIAGE_LLM_DAILY_BUDGET_USD needs TRIAGE_LLM_PRICE_IN / TRIAGE_LLM_PRICE_OUT (USD per 1M tokens) to count cost; set them, or use TRIAGE_LLM_DAILY_BUDGET_CALLS',
    );
  }
  return Object.freeze({
    baseURL: values.OPENAI_BASE_URL,
    apiKey: values.OPENAI_API_KEY,
    model: values.TRIAGE_LLM_MODEL ?? DEFAULT_LLM_MODEL,
    policy: values.TRIAGE_LLM_POLICY,
    timeoutMs: values.TRIAGE_LLM_TIMEOUT_MS ?? 10_000,
    maxRetries: values.TRIAGE_LLM_MAX_RETRIES ?? 2,
    maxConcurrent: values.TRIAGE_LLM_MAX_CONCURRENT ?? 4,
    budget: Object.freeze({
      calls: values.TRIAGE_LLM_DAILY_BUDGET_CALLS ?? null,
      usd: values.TRIAGE_LLM_DAILY_BUDGET_USD ?? null,
    }),
    prices: Object.freeze({
      inputPerMillion: values.TRIAGE_LLM_PRICE_IN ?? 0,
      outputPerMillion: values.TRIAGE_LLM_PRICE_OUT ?? 0,
    }),
    logprobs: values.TRIAGE_LLM_LOGPROBS,
    promptPath: values.TRIAGE_PROMPT || null,
    embeddingModel: values.TRIAGE_EMBEDDING_MODEL || null,
  });
}
