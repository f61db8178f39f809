import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLlmError, type LlmError } from '../../server/llm/index.ts';
import {
  chatCompletion,
  errorReply,
  startFakeOpenAi,
  suggestionJson,
  type FakeOpenAi,
} from '../support/fake-openai.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';
import { prompt, redactedInput, tierFor } from './support.ts';

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isLlmError(error)) throw new Error(`expected an LlmError, got ${String(error)}`);
  return error;
}

describe('LLM tier against an OpenAI-compatible server', () => {
  it('returns the structured answer as an llm classification with cost from the configured prices', async () => {
    fake.script('chat', {
      body: chatCompletion(suggestionJson({ tags: ['api', 'webhook'] }), {
        usage: { prompt_tokens: 1000, completion_tokens: 100 },
      }),
    });
    const tier = tierFor(fake, { prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
    const result = await tier.classifier.classify(redactedInput());
    expect(result).toMatchObject({
      source: 'llm',
      label: 'integrations',
      confidence: prompt.confidence,
      urgency: 'normal',
      tags: ['api', 'webhook'],
      summary: 'The customer asks why webhooks stopped firing.',
      reason: 'Mentions webhooks and the API integration.',
      cost: { tokensIn: 1000, tokensOut: 100, usd: 0.00021 },
      version: `fake-model@prompt-${prompt.version}`,
    });
    expect(tier.stats()).toMatchObject({
      calls: 1,
      failures: 0,
      tokensIn: 1000,
      tokensOut: 100,
      usd: 0.00021,
      byOutcome: { ok: 1 },
    });
  });

  it('sends a strict JSON schema whose label enum is the taxonomy and the model, messages and key the config names', async () => {
    const tier = tierFor(fake);
    await tier.classifier.classify(redactedInput());
    const [request] = fake.requests;
    const body = request?.body as {
      model: string;
      messages: { role: string; content: string }[];
      response_format: {
        type: string;
        json_schema: {
          strict: boolean;
          schema: { properties: { label: { enum: string[] } }; additionalProperties: boolean; required: string[] };
        };
      };
    };
    expect(request?.headers.authorization).toBe('Bearer sk-test-not-a-real-key');
    expect(body.model).toBe('fake-model');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.additionalProperties).toBe(false);
    expect(body.response_format.json_schema.schema.required.sort()).toEqual([
      'label',
      'reason',
      'summary',
      'tags',
      'urgency',
    ]);
    expect(body.response_format.json_schema.schema.properties.label.enum).toContain('integrations');
    expect(body.response_format.json_schema.schema.properties.label.enum).toHaveLength(11);
    expect(body.messages.at(-1)?.content).toContain('Webhooks stopped firing for <PERSON_1>');
  });

  it("answers in an installation's own taxonomy: its labels in the schema, its labels accepted, the file's refused", async () => {
    const own = parseTaxonomy(ownTaxonomy('acme-1', ['billing', 'shipping']));
    const tier = tierFor(fake);
    fake.script('chat', { body: chatCompletion(suggestionJson({ label: 'shipping', tags: [] })) });
    const result = await tier.classifierFor('inst_acme', own).classify(redactedInput());
    expect(result).toMatchObject({ source: 'llm', label: 'shipping', tags: [] });
    const body = fake.requests.at(-1)?.body as {
      response_format: { json_schema: { schema: { properties: { label: { enum: string[] } } } } };
      messages: { content: string }[];
    };
    expect(body.response_format.json_schema.schema.properties.label.enum).toEqual(['billing', 'shipping']);
    expect(body.messages.map((message) => message.content).join('\n')).not.toContain('integrations');
    // A label of the shipped file is outside this installation's taxonomy, and the file's own classifier is unchanged.
    fake.script('chat', { body: chatCompletion(suggestionJson({ label: 'integrations', tags: [] })) });
    expect((await failure(tier.classifierFor('inst_acme', own).classify(redactedInput()))).code).toBe(
      'LLM_UNKNOWN_LABEL',
    );
    fake.script('chat', { body: chatCompletion(suggestionJson({ label: 'shipping', tags: [] })) });
    expect((await failure(tier.classifier.classify(redactedInput()))).code).toBe('LLM_UNKNOWN_LABEL');
  });

  it.each([
    ['malformed JSON content', { body: chatCompletion('{"label": "integrations", "urg') }, 'LLM_BAD_JSON'],
    ['a refusal', { body: chatCompletion(null, { refusal: 'I cannot help with that.' }) }, 'LLM_REFUSAL'],
    [
      'a label outside the taxonomy',
      { body: chatCompletion(suggestionJson({ label: 'shipping' })) },
      'LLM_UNKNOWN_LABEL',
    ],
    ['a tag outside the vocabulary', { body: chatCompletion(suggestionJson({ tags: ['made_up'] })) }, 'LLM_SCHEMA'],
    [
      'a missing field',
      { body: chatCompletion(JSON.stringify({ label: 'billing', urgency: 'low', tags: [] })) },
      'LLM_SCHEMA',
    ],
    // PostgreSQL would refuse to store either in the result.
    [
      'a NUL in the summary',
      { body: chatCompletion(suggestionJson({ summary: 'Webhooks\u0000 stopped' })) },
      'LLM_SCHEMA',
    ],
    [
      'half an emoji in the reason',
      { body: chatCompletion(suggestionJson({ reason: 'Integration \ud83d' })) },
      'LLM_SCHEMA',
    ],
    [
      'an answer cut at the token limit',
      { body: chatCompletion('{"label":"bil', { finishReason: 'length' }) },
      'LLM_TRUNCATED',
    ],
    ['a reply that is not a completion', { rawBody: '<html>proxy error</html>' }, 'LLM_BAD_JSON'],
    ['a 401', errorReply(401), 'LLM_HTTP'],
  ])('turns %s into %s', async (_case, reply, code) => {
    fake.script('chat', reply);
    const tier = tierFor(fake);
    const error = await failure(tier.classifier.classify(redactedInput()));
    expect(error.code).toBe(code);
    expect(tier.stats().byOutcome[code]).toBe(1);
    // Error messages never carry the model's text.
    expect(error.message).not.toContain('cannot help');
    expect(error.message).not.toContain('shipping');
  });

  it('honours retry-after on a 429 and retries through the SDK', async () => {
    fake.script('chat', errorReply(429, { 'retry-after': '1' }));
    const tier = tierFor(fake, { timeoutMs: 5000 });
    const result = await tier.classifier.classify(redactedInput());
    expect(result.label).toBe('integrations');
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(second?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('retries a 500 and succeeds', async () => {
    fake.script('chat', errorReply(500, { 'retry-after-ms': '10' }));
    const tier = tierFor(fake);
    expect((await tier.classifier.classify(redactedInput())).label).toBe('integrations');
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up with LLM_HTTP once the SDK retries are spent', async () => {
    fake.fallback('chat', () => errorReply(503, { 'retry-after-ms': '5' }));
    const tier = tierFor(fake, { maxRetries: 2 });
    const error = await failure(tier.classifier.classify(redactedInput()));
    expect(error).toMatchObject({ code: 'LLM_HTTP', status: 503, isRetryable: true });
    expect(fake.requests).toHaveLength(3);
  });

  it('fails with LLM_TIMEOUT soon after the deadline when the server hangs', async () => {
    fake.fallback('chat', () => ({ hang: true }));
    const tier = tierFor(fake, { timeoutMs: 300 });
    const started = performance.now();
    const error = await failure(tier.classifier.classify(redactedInput()));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('LLM_TIMEOUT');
    expect(error.isRetryable).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    // One deadline for the whole call: the SDK's retries do not multiply it.
    expect(elapsed).toBeLessThan(1500);
  });

  it('does not wait out a retry-after longer than the deadline', async () => {
    fake.script('chat', errorReply(429, { 'retry-after': '30' }));
    const tier = tierFor(fake, { timeoutMs: 400 });
    const started = performance.now();
    const error = await failure(tier.classifier.classify(redactedInput()));
    expect(error.code).toBe('LLM_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports a caller abort as LLM_ABORTED, not a timeout', async () => {
    fake.fallback('chat', () => ({ hang: true }));
    const tier = tierFor(fake, { timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(tier.classifier.classify(redactedInput(), controller.signal));
    expect(error.code).toBe('LLM_ABORTED');
  });

  it('derives confidence from the label tokens when the endpoint sends log-probabilities', async () => {
    const content = suggestionJson({ label: 'billing' });
    const at = content.indexOf('billing');
    const logprobs = [
      { token: content.slice(0, at), logprob: -0.01 },
      { token: 'bill', logprob: Math.log(0.7) },
      { token: 'ing', logprob: Math.log(0.9) },
      { token: content.slice(at + 'billing'.length), logprob: -0.02 },
    ];
    fake.script('chat', { body: chatCompletion(content, { logprobs }) });
    const tier = tierFor(fake, { logprobs: true });
    const result = await tier.classifier.classify(redactedInput());
    expect(result.confidence).toBeCloseTo(0.63, 5);
    expect((fake.requests[0]?.body as { logprobs?: boolean }).logprobs).toBe(true);
  });

  it('redacts what the model writes back before it is stored', async () => {
    fake.script('chat', {
      body: chatCompletion(suggestionJson({ summary: 'Customer jane.roe@example.com cannot sync.' })),
    });
    const result = await tierFor(fake).classifier.classify(redactedInput());
    expect(result.summary).not.toContain('jane.roe@example.com');
    expect(result.summary).toContain('<EMAIL_1>');
  });
});
