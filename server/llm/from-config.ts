import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { BudgetLedger } from './budget.ts';
import type { LlmConfig, LlmPolicy } from './config.ts';
import { createEmbedder, type Embedder } from './embedder.ts';
import { createLlmTier, type LlmTier } from './llm-tier.ts';
import { loadPrompt } from './prompt.ts';
import type { LlmCallEvent } from './stats.ts';

export interface LlmSetup {
  readonly tier: LlmTier;
  readonly policy: LlmPolicy;
}

/**
 * Builds the tier from parsed settings. Loads the prompt file once; a bad file throws PromptError at start-up,
 * naming the key. (The runtime rebuilds the tier when the taxonomy changes; the embedder is built once, by
 * `embedderFromConfig`.)
 */
export function llmFromConfig(
  config: LlmConfig,
  context: { taxonomy: Taxonomy; now?: () => Date; ledger?: BudgetLedger; onCall?: (event: LlmCallEvent) => void },
): LlmSetup {
  const prompt = config.promptPath ? loadPrompt(config.promptPath) : loadPrompt();
  const tier = createLlmTier({
    baseURL: config.baseURL,
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
  return { tier, policy: config.policy };
}

/** The embeddings client for similar tickets; null without TRIAGE_EMBEDDING_MODEL (similarity stays lexical). */
export function embedderFromConfig(config: LlmConfig | null): Embedder | null {
  if (!config?.embeddingModel) return null;
  return createEmbedder({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    model: config.embeddingModel,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
}
