import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { BudgetLedger } from './budget.ts';
import type { LlmConfig, LlmPolicy } from './config.ts';
import { createEmbedder, type Embedder } from './embedder.ts';
import { createLlmTier, createOpenAiClient, type LlmTier } from './llm-tier.ts';
import { loadPrompt } from './prompt.ts';
import type { LlmCallEvent } from './stats.ts';

export interface LlmSetup {
  readonly tier: LlmTier;
  readonly policy: LlmPolicy;
  /** Null without TRIAGE_EMBEDDING_MODEL: similarity stays lexical. */
  readonly embedder: Embedder | null;
}

/**
 * Builds the tier (and the embedder) from parsed settings, sharing one client. Loads the prompt file
 * once; a bad file throws PromptError at start-up, naming the key.
 */
export function llmFromConfig(
  config: LlmConfig,
  context: { taxonomy: Taxonomy; now?: () => Date; ledger?: BudgetLedger; onCall?: (event: LlmCallEvent) => void },
): LlmSetup {
  const client = createOpenAiClient({ baseURL: config.baseURL, apiKey: config.apiKey, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries });
  const prompt = config.promptPath ? loadPrompt(config.promptPath) : loadPrompt();
  const tier = createLlmTier({
    client,
    apiKey: config.apiKey,
    model: config.model,
    taxonomy: context.taxonomy,
    prompt,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    maxConcurrent: config.maxConcurrent,
    budget: { limits: config.budget, ...(context.ledger ? { ledger: context.ledger } : {}) },
    prices: config.prices,
    logprobs: config.logprobs,
    ...(context.now ? { now: context.now } : {}),
    ...(context.onCall ? { onCall: context.onCall } : {}),
  });
  const embedder = config.embeddingModel
    ? createEmbedder({ client, model: config.embeddingModel, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries })
    : null;
  return { tier, policy: config.policy, embedder };
}
