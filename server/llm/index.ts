export { createLlmTier, createOpenAiClient, type LlmTier, type LlmTierOptions, type LlmTierState } from './llm-tier.ts';
export { LlmError, isLlmError, isRetryableStatus, LLM_ERROR_CODES, type LlmErrorCode } from './errors.ts';
export {
  parsePrompt,
  loadPrompt,
  renderPrompt,
  PromptError,
  DEFAULT_PROMPT_PATH,
  type Prompt,
  type ChatMessage,
} from './prompt.ts';
export { parseAnswer, labelProbability, type ParsedAnswer } from './answer.ts';
export {
  createInMemoryBudgetLedger,
  utcDay,
  secondsUntilNextUtcDay,
  type BudgetLedger,
  type BudgetLimits,
  type BudgetKey,
  type Spend,
} from './budget.ts';
export { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
export { Semaphore } from './semaphore.ts';
export { costOf, type TokenPrices } from './pricing.ts';
export { unredactedPiiTypes, assertRedacted } from './pii-guard.ts';
export { LATENCY_BUCKETS_MS, type LlmStats, type LlmCallEvent, type LlmOutcome } from './stats.ts';
export { llmConfigFromEnv, LlmConfigError, LlmPolicy, DEFAULT_LLM_MODEL, type LlmConfig } from './config.ts';
export { createEmbedder, type Embedder, type EmbedderOptions } from './embedder.ts';
export { hybridReport, type HybridOutcome, type HybridReport } from './hybrid-report.ts';
export { embedderFromConfig, llmFromConfig, type LlmSetup } from './from-config.ts';
export { evaluateHybrid, type HybridEvalOptions } from './hybrid-eval.ts';
