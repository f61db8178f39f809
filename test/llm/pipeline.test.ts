import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ticket, TriageResult } from '../../src/contract/index.ts';
import type { Classification, Classifier } from '../../src/classifier/index.ts';
import { triageTicket, type TriageDeps } from '../../src/triage/index.ts';
import type { LlmTier } from '../../server/llm/index.ts';
import {
  chatCompletion,
  errorReply,
  startFakeOpenAi,
  suggestionJson,
  type FakeOpenAi,
  type FakeReply,
} from '../support/fake-openai.ts';
import { prompt, taxonomy, tierFor } from './support.ts';

/** A local model that is unsure (draft band), so the uncertain policy calls the LLM. */
const unsureLocal: Classifier = {
  id: 'local-stub',
  async classify(): Promise<Classification> {
    return {
      source: 'model',
      label: 'bug',
      confidence: 0.62,
      alternatives: [{ label: 'integrations', confidence: 0.3 }],
      urgency: 'normal',
      urgencyConfidence: 0.6,
      tags: null,
      summary: null,
      reason: 'model evidence',
      cost: null,
      version: 'local-1',
    };
  },
};

const planted = {
  email: 'jane.roe@example.com',
  phone: '+1 202-555-0143',
  card: '4111 1111 1111 1111',
  name: 'Jane Roe',
  iban: 'DE89 3704 0044 0532 0130 00',
};

function pipelineTicket(): Ticket {
  return Ticket.parse({
    id: 't-42',
    subject: 'Webhooks stopped after the update',
    description:
      `Hello, I am ${planted.name} (${planted.email}, phone ${planted.phone}). Since the update our webhooks stopped firing. ` +
      `Please refund to IBAN ${planted.iban}; the card ${planted.card} was charged twice.`,
    comments: [
      {
        authorRole: 'requester',
        authorName: planted.name,
        body: `Any news? Call me on ${planted.phone}. ${planted.name}`,
      },
    ],
    requester: { name: planted.name, email: planted.email },
  });
}

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback('chat', () => ({ body: chatCompletion(suggestionJson()) }));
});

function depsWith(tier: LlmTier, extra: Partial<TriageDeps> = {}): TriageDeps {
  return {
    taxonomy,
    local: unsureLocal,
    llm: { classifier: tier.classifier, policy: 'uncertain' },
    examples: () => [{ text: 'Webhook deliveries fail with 401 since <DATE_1>.', label: 'integrations' }],
    now: () => new Date('2026-11-23T10:00:00Z'),
    versions: { model: 'local-1', prompt: tier.promptVersion },
    ...extra,
  };
}

function expectNoPlantedPii(): void {
  const bodies = fake.allBodies();
  expect(bodies.length).toBeGreaterThan(0);
  for (const value of Object.values(planted)) {
    expect(bodies).not.toContain(value);
    // Also not with the spaces taken out (a card or IBAN written compactly).
    expect(bodies).not.toContain(value.replace(/\s+/g, ''));
  }
  expect(bodies).not.toContain('Jane');
}

describe('pipeline with the LLM tier', () => {
  it('answers an uncertain ticket with the LLM label, source llm, its reason, cost and the prompt version, and no planted PII reached the server', async () => {
    fake.fallback('chat', () => ({
      body: chatCompletion(suggestionJson(), { usage: { prompt_tokens: 1200, completion_tokens: 80 } }),
    }));
    const tier = tierFor(fake, { prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
    const result = TriageResult.parse(await triageTicket(pipelineTicket(), depsWith(tier)));
    expect(result).toMatchObject({
      label: {
        name: 'integrations',
        source: 'llm',
        reason: 'Mentions webhooks and the API integration.',
        confidence: prompt.confidence,
      },
      decision: 'draft',
      tier: { llm: 'used', detail: null },
      versions: { prompt: prompt.version },
      cost: { tokensIn: 1200, tokensOut: 80, usd: 0.000228 },
      summary: 'The customer asks why webhooks stopped firing.',
    });
    expect(fake.requests).toHaveLength(1);
    expectNoPlantedPii();
    expect(fake.allBodies()).toContain('<EMAIL_1>');
  });

  it('does not call the LLM when the local model is confident', async () => {
    const confident: Classifier = {
      id: 'sure',
      classify: async (input, signal) => ({ ...(await unsureLocal.classify(input, signal)), confidence: 0.97 }),
    };
    const tier = tierFor(fake);
    const result = await triageTicket(pipelineTicket(), depsWith(tier, { local: confident }));
    expect(result.tier).toEqual({ llm: 'skipped', detail: 'local model confident' });
    expect(fake.requests).toHaveLength(0);
  });

  const failures: [string, FakeReply | (() => FakeReply), string, Partial<Parameters<typeof tierFor>[1]>][] = [
    ['malformed JSON', { body: chatCompletion('{"label":') }, 'LLM_BAD_JSON', {}],
    ['a refusal', { body: chatCompletion(null, { refusal: 'I will not.' }) }, 'LLM_REFUSAL', {}],
    [
      'a label outside the taxonomy',
      { body: chatCompletion(suggestionJson({ label: 'shipping' })) },
      'LLM_UNKNOWN_LABEL',
      {},
    ],
    ['a schema mismatch', { body: chatCompletion(JSON.stringify({ label: 'bug' })) }, 'LLM_SCHEMA', {}],
    ['an HTTP error after retries', () => errorReply(500, { 'retry-after-ms': '5' }), 'LLM_HTTP', { maxRetries: 1 }],
    ['a hang past the timeout', () => ({ hang: true }), 'LLM_TIMEOUT', { timeoutMs: 250 }],
  ];

  it.each(failures)(
    'keeps the local answer for review on %s, recording %s, and sends no planted PII',
    async (_case, reply, code, options) => {
      fake.fallback('chat', typeof reply === 'function' ? reply : () => reply);
      const tier = tierFor(fake, options);
      const result = TriageResult.parse(await triageTicket(pipelineTicket(), depsWith(tier)));
      expect(result).toMatchObject({
        label: { name: 'bug', source: 'model' },
        decision: 'review',
        tier: { llm: 'failed', detail: code },
        cost: null,
        versions: { prompt: null },
      });
      expectNoPlantedPii();
    },
  );

  it('keeps the local answer for review while the circuit is open or the budget is spent, without calling the endpoint', async () => {
    const tier = tierFor(fake, { budget: { limits: { calls: 0, usd: null } } });
    const overBudget = await triageTicket(pipelineTicket(), depsWith(tier));
    expect(overBudget).toMatchObject({ decision: 'review', tier: { llm: 'failed', detail: 'LLM_OVER_BUDGET' } });

    fake.fallback('chat', () => errorReply(503));
    const failing = tierFor(fake, { maxRetries: 0, circuit: { failureThreshold: 1, coolDownMs: 60_000 } });
    await triageTicket(pipelineTicket(), depsWith(failing));
    const before = fake.requests.length;
    const open = await triageTicket(pipelineTicket(), depsWith(failing));
    expect(open).toMatchObject({ decision: 'review', tier: { llm: 'failed', detail: 'LLM_CIRCUIT_OPEN' } });
    expect(fake.requests.length).toBe(before);
  });
});
