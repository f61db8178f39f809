import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { suggestionSchema } from '../../src/contract/index.ts';
import { redact } from '../../src/redact/index.ts';
import { clip } from '../../src/text/index.ts';
import { suggestionVocabulary, type Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classification, Classifier, ClassifierInput } from '../../src/classifier/index.ts';
import { parseAnswer, usageOf } from './answer.ts';
import {
  createInMemoryBudgetLedger,
  secondsUntilNextUtcDay,
  utcDay,
  type BudgetLedger,
  type BudgetLimits,
} from './budget.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { withDeadline } from './deadline.ts';
import { fromSdkError, LlmError } from './errors.ts';
import { assertRedacted } from './pii-guard.ts';
import { costOf, type TokenPrices } from './pricing.ts';
import { renderPrompt, type Prompt } from './prompt.ts';
import { Semaphore } from './semaphore.ts';
import { StatsCollector, type LlmCallEvent, type LlmStats } from './stats.ts';

export interface LlmTierOptions {
  /** Any OpenAI-compatible endpoint (OpenAI, Azure OpenAI v1, Ollama, vLLM); the SDK default when absent. */
  readonly baseURL?: string | undefined;
  readonly apiKey: string;
  readonly model: string;
  readonly taxonomy: Taxonomy;
  readonly prompt: Prompt;
  /** Deadline of one classify call, retries included (default 10 000). */
  readonly timeoutMs?: number;
  /** The SDK's own retries of 408/409/429/5xx and connection errors, honouring retry-after (default 2). */
  readonly maxRetries?: number;
  /** Calls in flight at once (default 4); more wait in a queue of `maxQueued` (default 8 × maxConcurrent), beyond it LLM_BUSY. */
  readonly maxConcurrent?: number;
  readonly maxQueued?: number;
  /** Consecutive endpoint failures that open the circuit (default 5) and how long it stays open (default 30 s). */
  readonly circuit?: { readonly failureThreshold: number; readonly coolDownMs: number };
  /** Daily limits per installation; absent means unlimited. */
  readonly budget?: { readonly limits: BudgetLimits; readonly ledger?: BudgetLedger };
  /** USD per 1M tokens (default 0: self-hosted). */
  readonly prices?: TokenPrices;
  /** Ask for token log-probabilities and derive confidence from them (OpenAI and vLLM send them; default false). */
  readonly logprobs?: boolean;
  readonly now?: () => Date;
  /** A ready client (tests, or sharing one with the embedder); built from baseURL/apiKey when absent. */
  readonly client?: OpenAI;
  /** Called once per classify call, for metrics. */
  readonly onCall?: (event: LlmCallEvent) => void;
}

export type LlmTierState = 'on' | 'circuit-open' | 'over-budget';

export interface LlmTier {
  /** Classifier for the pipeline; budgets go to `input.installation`, else "default". */
  readonly classifier: Classifier;
  /**
   * The same classifier, charging the given installation's budget and answering in `taxonomy`'s labels and tags
   * (an installation's own taxonomy; default the one the tier was built with).
   */
  classifierFor(installation: string, taxonomy?: Taxonomy): Classifier;
  readonly model: string;
  /** Stored with every result as versions.prompt. */
  readonly promptVersion: string;
  status(installation?: string): { state: LlmTierState; detail: string | null };
  stats(): LlmStats;
}

const DEFAULT_INSTALLATION = 'default';

/** What the tier asks and accepts for one taxonomy: its answer schema, the response format and the tag vocabulary. */
interface Vocabulary {
  readonly taxonomy: Taxonomy;
  readonly schema: ReturnType<typeof suggestionSchema>;
  readonly responseFormat: ReturnType<typeof zodResponseFormat>;
  readonly tagIds: ReadonlySet<string>;
}

/** Builds the openai client the tier and the embedder share: our deadline and the SDK's retries, no SDK logging of bodies. */
export function createOpenAiClient(options: {
  baseURL?: string | undefined;
  apiKey: string;
  timeoutMs?: number;
  maxRetries?: number;
}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 2,
    // OPENAI_LOG=debug would print request bodies (ticket text): the SDK stays silent, we log codes.
    logLevel: 'off',
  });
}

/** The LLM tier: one classifier behind a PII guard, a concurrency bound, a circuit breaker and a daily budget. */
export function createLlmTier(options: LlmTierOptions): LlmTier {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 2;
  const client =
    options.client ?? createOpenAiClient({ baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs, maxRetries });
  // The structured-output schema is the taxonomy's enum: one per taxonomy in use, built on first use.
  const vocabularies = new WeakMap<Taxonomy, Vocabulary>();
  const vocabularyOf = (taxonomy: Taxonomy): Vocabulary => {
    let vocabulary = vocabularies.get(taxonomy);
    if (!vocabulary) {
      const schema = suggestionSchema(suggestionVocabulary(taxonomy));
      vocabulary = {
        taxonomy,
        schema,
        responseFormat: zodResponseFormat(schema, 'triage_suggestion'),
        tagIds: new Set(taxonomy.tagIds),
      };
      vocabularies.set(taxonomy, vocabulary);
    }
    return vocabulary;
  };
  const maxConcurrent = options.maxConcurrent ?? 4;
  const semaphore = new Semaphore(maxConcurrent, options.maxQueued ?? maxConcurrent * 8);
  const breaker = new CircuitBreaker({
    failureThreshold: options.circuit?.failureThreshold ?? 5,
    coolDownMs: options.circuit?.coolDownMs ?? 30_000,
    now,
  });
  const ledger = options.budget?.ledger ?? createInMemoryBudgetLedger();
  const limits = options.budget?.limits ?? { calls: null, usd: null };
  const prices = options.prices ?? { inputPerMillion: 0, outputPerMillion: 0 };
  const stats = new StatsCollector();
  /** Installations known to be over budget, and the UTC day they were. */
  const overBudget = new Map<string, string>();
  const version = `${options.model}@prompt-${options.prompt.version}`;

  const report = (event: LlmCallEvent) => {
    stats.record(event);
    options.onCall?.(event);
  };
  const failFast = (error: LlmError): never => {
    report({ outcome: error.code, reachedEndpoint: false, latencyMs: 0, tokensIn: 0, tokensOut: 0, usd: 0 });
    throw error;
  };
  const overBudgetError = () =>
    new LlmError(
      'LLM_OVER_BUDGET',
      "today's LLM budget for this installation is spent; the tier is off until 00:00 UTC",
      {
        retryAfterSeconds: secondsUntilNextUtcDay(now()),
      },
    );
  const circuitOpenError = () =>
    new LlmError(
      'LLM_CIRCUIT_OPEN',
      `the LLM endpoint failed ${options.circuit?.failureThreshold ?? 5} times in a row; calls paused`,
      {
        retryAfterSeconds: Math.max(1, breaker.retryAfterSeconds()),
      },
    );

  async function classify(
    input: ClassifierInput,
    installation: string,
    vocabulary: Vocabulary,
    signal?: AbortSignal,
  ): Promise<Classification> {
    const messages = renderPrompt(options.prompt, vocabulary.taxonomy, input);
    try {
      assertRedacted(messages.map((message) => message.content));
    } catch (error) {
      if (error instanceof LlmError) return failFast(error);
      throw error;
    }
    const day = utcDay(now());
    if (overBudget.get(installation) === day) return failFast(overBudgetError());
    if (breaker.state === 'open') return failFast(circuitOpenError());

    const release = await semaphore.acquire(signal).catch((error: LlmError) => failFast(error));
    try {
      // Checked again after the queue: the circuit may have opened, or a trial may be running.
      if (!breaker.tryAcquire()) return failFast(circuitOpenError());
      const key = { installation, day };
      // Fail closed: without the ledger we cannot tell whether today's budget is left.
      const reserved = await ledger.tryReserve(key, limits).catch((error: unknown) => {
        breaker.recordNeutral();
        return failFast(new LlmError('LLM_LEDGER', 'could not read the LLM budget ledger', { cause: error }));
      });
      if (!reserved) {
        breaker.recordNeutral();
        overBudget.set(installation, day);
        return failFast(overBudgetError());
      }
      return await callEndpoint(messages, key, vocabulary, signal);
    } finally {
      release();
    }
  }

  async function callEndpoint(
    messages: ReturnType<typeof renderPrompt>,
    key: { installation: string; day: string },
    vocabulary: Vocabulary,
    signal?: AbortSignal,
  ): Promise<Classification> {
    const { schema, responseFormat, tagIds } = vocabulary;
    const started = performance.now();
    const outcome = await withDeadline(timeoutMs, signal, (callSignal) =>
      client.chat.completions.create(
        {
          model: options.model,
          messages: messages.map((message) => ({ role: message.role, content: message.content })),
          response_format: responseFormat,
          ...(options.prompt.temperature === null ? {} : { temperature: options.prompt.temperature }),
          ...(options.logprobs ? { logprobs: true } : {}),
        },
        { signal: callSignal, timeout: timeoutMs, maxRetries },
      ),
    );
    const latencyMs = Math.round(performance.now() - started);
    const completion = 'value' in outcome ? outcome.value : null;
    const usage = usageOf(completion);
    const usd = costOf(usage, prices);
    try {
      if (usd > 0) {
        await ledger.settle(key, usd).catch((error: unknown) => {
          throw new LlmError('LLM_LEDGER', 'could not record the call in the LLM budget ledger', { cause: error });
        });
      }
      if (!('value' in outcome)) throw fromSdkError(outcome.error, outcome.deadlineHit);
      const answer = parseAnswer(completion, schema, vocabulary.taxonomy);
      breaker.recordSuccess();
      report({ outcome: 'ok', reachedEndpoint: true, latencyMs, ...usage, usd });
      const confidence = answer.labelProbability ?? options.prompt.confidence;
      const { suggestion } = answer;
      return {
        source: 'llm',
        label: suggestion.label,
        confidence,
        alternatives: [],
        urgency: suggestion.urgency,
        urgencyConfidence: confidence,
        tags: suggestion.tags.filter((tag) => tagIds.has(tag)),
        // The model saw only placeholders, but what it writes back is redacted again before anyone stores it.
        summary: clip(redact(suggestion.summary).redacted, 300),
        reason: clip(redact(suggestion.reason).redacted, 500),
        cost: { ...usage, usd },
        version,
      };
    } catch (caught) {
      const error = caught instanceof LlmError ? caught : fromSdkError(caught, false);
      if (error.code === 'LLM_LEDGER' && 'value' in outcome) breaker.recordSuccess();
      else if (error.countsAgainstEndpoint) breaker.recordFailure();
      else breaker.recordNeutral();
      report({ outcome: error.code, reachedEndpoint: true, latencyMs, ...usage, usd });
      throw error;
    }
  }

  const classifierFor = (installation: string, taxonomy: Taxonomy = options.taxonomy): Classifier => {
    const vocabulary = vocabularyOf(taxonomy);
    return {
      id: 'llm',
      classify: (input, signal) => classify(input, input.installation ?? installation, vocabulary, signal),
    };
  };

  return {
    classifier: classifierFor(DEFAULT_INSTALLATION),
    classifierFor,
    model: options.model,
    promptVersion: options.prompt.version,
    status(installation = DEFAULT_INSTALLATION) {
      const state = breaker.state;
      if (state === 'open')
        return {
          state: 'circuit-open',
          detail: `circuit open after repeated endpoint failures; next trial in ${breaker.retryAfterSeconds()} s`,
        };
      if (overBudget.get(installation) === utcDay(now()))
        return { state: 'over-budget', detail: "today's budget is spent; back at 00:00 UTC" };
      return { state: 'on', detail: state === 'half-open' ? 'circuit half-open: the next call is a trial' : null };
    },
    stats: () => stats.snapshot(),
  };
}
