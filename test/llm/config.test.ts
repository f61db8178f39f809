import { describe, expect, it } from 'vitest';
import { DEFAULT_LLM_MODEL, llmConfigFromEnv, LlmConfigError } from '../../server/llm/index.ts';

describe('llmConfigFromEnv', () => {
  it('is null without an API key: the tier is off', () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ TRIAGE_LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: '  ' })).toBeNull();
  });

  it('fills defaults from a key alone', () => {
    expect(llmConfigFromEnv({ OPENAI_API_KEY: 'sk-x' })).toEqual({
      baseURL: undefined,
      apiKey: 'sk-x',
      model: DEFAULT_LLM_MODEL,
      policy: 'uncertain',
      timeoutMs: 10_000,
      maxRetries: 2,
      maxConcurrent: 4,
      budget: { calls: null, usd: null },
      prices: { inputPerMillion: 0, outputPerMillion: 0 },
      logprobs: false,
      promptPath: null,
      embeddingModel: null,
    });
  });

  it('reads every variable', () => {
    const config = llmConfigFromEnv({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_API_KEY: 'ollama',
      TRIAGE_LLM_MODEL: 'llama3.1:8b',
      TRIAGE_LLM_POLICY: 'ALWAYS',
      TRIAGE_LLM_TIMEOUT_MS: '2500',
      TRIAGE_LLM_MAX_CONCURRENT: '2',
      TRIAGE_LLM_DAILY_BUDGET_CALLS: '500',
      TRIAGE_LLM_DAILY_BUDGET_USD: '1.5',
      TRIAGE_LLM_PRICE_IN: '0.15',
      TRIAGE_LLM_PRICE_OUT: '0.6',
      TRIAGE_LLM_LOGPROBS: 'true',
      TRIAGE_PROMPT: 'config/my-prompt.yaml',
      TRIAGE_EMBEDDING_MODEL: 'nomic-embed-text',
    });
    expect(config).toMatchObject({
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1:8b',
      policy: 'always',
      timeoutMs: 2500,
      maxConcurrent: 2,
      budget: { calls: 500, usd: 1.5 },
      prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
      logprobs: true,
      promptPath: 'config/my-prompt.yaml',
      embeddingModel: 'nomic-embed-text',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ TRIAGE_LLM_POLICY: 'sometimes' }, 'TRIAGE_LLM_POLICY must be off, uncertain or always'],
    [{ TRIAGE_LLM_TIMEOUT_MS: 'ten' }, 'TRIAGE_LLM_TIMEOUT_MS="ten" is not a number'],
    [{ TRIAGE_LLM_TIMEOUT_MS: '5' }, 'use at least 100 ms'],
    [{ TRIAGE_LLM_MAX_CONCURRENT: '0' }, 'TRIAGE_LLM_MAX_CONCURRENT'],
    [{ TRIAGE_LLM_DAILY_BUDGET_USD: '-1' }, 'TRIAGE_LLM_DAILY_BUDGET_USD'],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, 'OPENAI_BASE_URL must be a URL'],
    [{ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }, 'TRIAGE_LLM_MODEL is required with OPENAI_BASE_URL'],
    [{ TRIAGE_LLM_LOGPROBS: 'maybe' }, 'TRIAGE_LLM_LOGPROBS'],
    [{ TRIAGE_LLM_DAILY_BUDGET_USD: '5' }, 'TRIAGE_LLM_DAILY_BUDGET_USD needs TRIAGE_LLM_PRICE_IN'],
    [{ TRIAGE_LLM_DAILY_BUDGET_CALLS: '3000000000' }, 'use at most 2147483647'],
  ])('rejects %o with a fix-it message', (env, message) => {
    const run = () => llmConfigFromEnv({ OPENAI_API_KEY: 'sk-x', ...env });
    expect(run).toThrow(LlmConfigError);
    expect(run).toThrow(message);
  });

  it('never puts the key in an error message', () => {
    try {
      llmConfigFromEnv({ OPENAI_API_KEY: 'sk-very-secret', TRIAGE_LLM_POLICY: 'x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('sk-very-secret');
    }
    expect.assertions(1);
  });
});

describe('llmFromConfig and embedderFromConfig', () => {
  it('builds a working tier and embedder from environment settings', async () => {
    const { startFakeOpenAi } = await import('../support/fake-openai.ts');
    const { embedderFromConfig, llmFromConfig } = await import('../../server/llm/index.ts');
    const { taxonomy } = await import('./support.ts');
    const fake = await startFakeOpenAi();
    try {
      const config = llmConfigFromEnv({
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_API_KEY: 'sk-env',
        TRIAGE_LLM_MODEL: 'm',
        TRIAGE_EMBEDDING_MODEL: 'e',
        TRIAGE_LLM_POLICY: 'always',
      });
      const setup = llmFromConfig(config!, { taxonomy });
      expect(setup.policy).toBe('always');
      const text = 'Webhooks stopped firing.';
      expect(
        (
          await setup.tier.classifier.classify({
            ticket: { id: 'x', subject: '', description: text, comments: [], participants: [], tags: [] },
            text,
            examples: [],
          })
        ).source,
      ).toBe('llm');
      expect(await embedderFromConfig(config)?.embed([text])).toHaveLength(1);
      expect(fake.requests.map((request) => [request.path, (request.body as { model: string }).model])).toEqual([
        ['/v1/chat/completions', 'm'],
        ['/v1/embeddings', 'e'],
      ]);
    } finally {
      await fake.close();
    }
  });

  it('has no embedder without an embedding model, and fails on a bad prompt path', async () => {
    const { embedderFromConfig, llmFromConfig, PromptError } = await import('../../server/llm/index.ts');
    const { taxonomy } = await import('./support.ts');
    expect(embedderFromConfig(llmConfigFromEnv({ OPENAI_API_KEY: 'k' }))).toBeNull();
    expect(() =>
      llmFromConfig(llmConfigFromEnv({ OPENAI_API_KEY: 'k', TRIAGE_PROMPT: '/nope/prompt.yaml' })!, { taxonomy }),
    ).toThrow(PromptError);
  });
});
