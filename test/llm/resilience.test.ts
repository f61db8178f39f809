import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createInMemoryBudgetLedger,
  isLlmError,
  Semaphore,
  type LlmCallEvent,
  type LlmError,
} from '../../server/llm/index.ts';
import {
  chatCompletion,
  errorReply,
  startFakeOpenAi,
  suggestionJson,
  type FakeOpenAi,
} from '../support/fake-openai.ts';
import { manualClock, redactedInput, tierFor } from './support.ts';

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (error: unknown) => (isLlmError(error) ? error.code : `not an LlmError: ${String(error)}`),
  );
}

describe('circuit breaker', () => {
  it('opens after N consecutive endpoint failures, fails fast while open, and closes after a good trial call', async () => {
    const clock = manualClock();
    fake.fallback('chat', () => errorReply(500));
    const tier = tierFor(fake, { maxRetries: 0, now: clock.now, circuit: { failureThreshold: 3, coolDownMs: 30_000 } });
    for (let i = 0; i < 3; i++) expect(await codeOf(tier.classifier.classify(redactedInput()))).toBe('LLM_HTTP');
    expect(tier.status()).toMatchObject({ state: 'circuit-open' });
    expect(tier.status().detail).toContain('30 s');

    const open = await tier.classifier.classify(redactedInput()).catch((error: LlmError) => error);
    expect(open).toMatchObject({ code: 'LLM_CIRCUIT_OPEN', retryAfterSeconds: 30, isRetryable: true });
    expect(fake.requests).toHaveLength(3);

    clock.advance(30_000);
    fake.fallback('chat', () => ({ body: chatCompletion(suggestionJson()) }));
    expect(tier.status().state).toBe('on');
    expect(await codeOf(tier.classifier.classify(redactedInput()))).toBe('ok');
    expect(tier.status()).toEqual({ state: 'on', detail: null });
    expect(tier.stats().byOutcome).toMatchObject({ LLM_HTTP: 3, LLM_CIRCUIT_OPEN: 1, ok: 1 });
  });

  it('reopens for another cool-down when the half-open trial fails, and lets only one trial through', async () => {
    const clock = manualClock();
    fake.fallback('chat', () => errorReply(503));
    const tier = tierFor(fake, { maxRetries: 0, now: clock.now, circuit: { failureThreshold: 2, coolDownMs: 10_000 } });
    await codeOf(tier.classifier.classify(redactedInput()));
    await codeOf(tier.classifier.classify(redactedInput()));
    clock.advance(10_000);
    fake.fallback('chat', () => ({ ...errorReply(503), delayMs: 100 }));
    const [trial, second] = await Promise.all([
      codeOf(tier.classifier.classify(redactedInput())),
      codeOf(tier.classifier.classify(redactedInput())),
    ]);
    expect([trial, second].sort()).toEqual(['LLM_CIRCUIT_OPEN', 'LLM_HTTP']);
    expect(tier.status().state).toBe('circuit-open');
    expect(fake.requests).toHaveLength(3);
  });

  it('does not count a refusal against the endpoint', async () => {
    fake.fallback('chat', () => ({ body: chatCompletion(null, { refusal: 'no' }) }));
    const tier = tierFor(fake, { circuit: { failureThreshold: 2, coolDownMs: 10_000 } });
    for (let i = 0; i < 3; i++) expect(await codeOf(tier.classifier.classify(redactedInput()))).toBe('LLM_REFUSAL');
    expect(tier.status().state).toBe('on');
  });
});

describe('daily budget', () => {
  it('switches the tier off for an installation after its daily calls, until the next UTC day', async () => {
    const clock = manualClock('2026-11-23T23:00:00Z');
    const tier = tierFor(fake, { now: clock.now, budget: { limits: { calls: 2, usd: null } } });
    const acme = tier.classifierFor('acme');
    expect(await codeOf(acme.classify(redactedInput()))).toBe('ok');
    expect(await codeOf(acme.classify(redactedInput()))).toBe('ok');
    const over = await acme.classify(redactedInput()).catch((error: LlmError) => error);
    expect(over).toMatchObject({ code: 'LLM_OVER_BUDGET', retryAfterSeconds: 3600 });
    expect(tier.status('acme').state).toBe('over-budget');
    // Another installation has its own budget.
    expect(await codeOf(tier.classifierFor('globex').classify(redactedInput()))).toBe('ok');
    expect(fake.requests).toHaveLength(3);

    clock.set('2026-11-24T00:00:01Z');
    expect(tier.status('acme').state).toBe('on');
    expect(await codeOf(acme.classify(redactedInput()))).toBe('ok');
  });

  it('stops once the day’s spend in USD reaches the limit, counting the cost the endpoint reported', async () => {
    const ledger = createInMemoryBudgetLedger();
    const clock = manualClock();
    fake.fallback('chat', () => ({
      body: chatCompletion(suggestionJson(), { usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } }),
    }));
    const tier = tierFor(fake, {
      now: clock.now,
      budget: { limits: { calls: null, usd: 0.25 }, ledger },
      prices: { inputPerMillion: 0.1, outputPerMillion: 0 },
    });
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push(await codeOf(tier.classifier.classify(redactedInput(undefined, { installation: 'acme' }))));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'LLM_OVER_BUDGET']);
    expect(await ledger.spent({ installation: 'acme', day: '2026-11-23' })).toEqual({ calls: 3, usd: 0.3 });
  });

  it('charges the installation named on the input', async () => {
    const ledger = createInMemoryBudgetLedger();
    const clock = manualClock();
    const tier = tierFor(fake, { now: clock.now, budget: { limits: { calls: 10, usd: null }, ledger } });
    await tier.classifier.classify({ ...redactedInput(), installation: 'initech' });
    expect(await ledger.spent({ installation: 'initech', day: '2026-11-23' })).toEqual({ calls: 1, usd: 0 });
  });
});

describe('concurrency', () => {
  it('never has more calls in flight than maxConcurrent', async () => {
    let inFlight = 0;
    let peak = 0;
    fake.fallback('chat', async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 40));
      inFlight--;
      return { body: chatCompletion(suggestionJson()) };
    });
    const tier = tierFor(fake, { maxConcurrent: 2 });
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeOf(tier.classifier.classify(redactedInput()))));
    expect(codes).toEqual(Array(6).fill('ok'));
    expect(peak).toBe(2);
  });

  it('fails with LLM_BUSY when the queue is full instead of piling up', async () => {
    fake.fallback('chat', () => ({ body: chatCompletion(suggestionJson()), delayMs: 100 }));
    const events: LlmCallEvent[] = [];
    const tier = tierFor(fake, { maxConcurrent: 1, maxQueued: 1, onCall: (event) => events.push(event) });
    const codes = await Promise.all(Array.from({ length: 3 }, () => codeOf(tier.classifier.classify(redactedInput()))));
    expect(codes.sort()).toEqual(['LLM_BUSY', 'ok', 'ok']);
    expect(events.filter((event) => event.outcome === 'LLM_BUSY')).toEqual([
      { outcome: 'LLM_BUSY', reachedEndpoint: false, latencyMs: 0, tokensIn: 0, tokensOut: 0, usd: 0 },
    ]);
  });

  it('drops a queued caller that aborts', async () => {
    const semaphore = new Semaphore(1, 4);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'LLM_ABORTED' });
    expect(semaphore.queued).toBe(0);
    release();
    expect(semaphore.inFlight).toBe(0);
  });
});

describe('PII guard', () => {
  it.each([
    ['an e-mail', 'write to jane.roe@example.com please'],
    ['a card number', 'card 4111 1111 1111 1111 was charged'],
    ['an IBAN', 'refund to DE89 3704 0044 0532 0130 00'],
    ['an API key', 'my key is sk-proj-abcdefghijklmnopqrstuvwxyz123456'],
  ])('refuses to send text that still holds %s and sends nothing', async (_case, text) => {
    const tier = tierFor(fake);
    const error = await tier.classifier.classify(redactedInput(text)).then(
      () => null,
      (caught: LlmError) => caught,
    );
    expect(error).toMatchObject({ code: 'LLM_UNREDACTED' });
    expect(error?.message).not.toContain(text);
    expect(fake.requests).toHaveLength(0);
  });

  it('also checks the few-shot examples', async () => {
    const tier = tierFor(fake);
    const input = redactedInput('clean text', {
      examples: [{ text: 'mail me at jane.roe@example.com', label: 'billing' }],
    });
    expect(await codeOf(tier.classifier.classify(input))).toBe('LLM_UNREDACTED');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('stats', () => {
  it('sums tokens, cost and outcomes and buckets latency for histograms', async () => {
    fake.script('chat', { body: chatCompletion('not json', { usage: { prompt_tokens: 10, completion_tokens: 5 } }) });
    const tier = tierFor(fake);
    await codeOf(tier.classifier.classify(redactedInput()));
    await codeOf(tier.classifier.classify(redactedInput()));
    const stats = tier.stats();
    expect(stats).toMatchObject({
      calls: 2,
      failures: 1,
      byOutcome: { LLM_BAD_JSON: 1, ok: 1 },
      tokensIn: 910,
      tokensOut: 65,
    });
    expect(stats.latencyMs.count).toBe(2);
    expect(stats.latencyMs.buckets.at(-1)?.count).toBe(2);
    for (let i = 1; i < stats.latencyMs.buckets.length; i++)
      expect(stats.latencyMs.buckets[i]!.count).toBeGreaterThanOrEqual(stats.latencyMs.buckets[i - 1]!.count);
  });
});

describe('PII guard on the demo set', () => {
  it('lets every redacted demo ticket through and catches planted PII in the raw ones', async () => {
    const { generateDemoTickets } = await import('../../server/demo/index.ts');
    const { redactTicket } = await import('../../src/redact/index.ts');
    const { modelText } = await import('../../src/triage/index.ts');
    const { unredactedPiiTypes } = await import('../../server/llm/index.ts');
    const tickets = generateDemoTickets({ count: 200, seed: 3 });
    const refusedRedacted = tickets.filter(
      (ticket) => unredactedPiiTypes(modelText(redactTicket(ticket).ticket)).length > 0,
    );
    const caughtRaw = tickets.filter((ticket) => unredactedPiiTypes(modelText(ticket)).length > 0);
    expect(refusedRedacted).toHaveLength(0);
    expect(caughtRaw.length).toBeGreaterThan(tickets.length / 3);
  });
});

describe('budget ledger failures', () => {
  const brokenLedger = (which: 'reserve' | 'settle') => ({
    tryReserve: async () => {
      if (which === 'reserve') throw new Error('database down');
      return true;
    },
    settle: async () => {
      throw new Error('database down');
    },
    spent: async () => ({ calls: 0, usd: 0 }),
  });

  it('fails closed with LLM_LEDGER when the ledger cannot be read, sending nothing, and leaves the circuit usable', async () => {
    const clock = manualClock();
    const tier = tierFor(fake, {
      now: clock.now,
      budget: { limits: { calls: 10, usd: null }, ledger: brokenLedger('reserve') },
      circuit: { failureThreshold: 1, coolDownMs: 1000 },
    });
    expect(await codeOf(tier.classifier.classify(redactedInput()))).toBe('LLM_LEDGER');
    expect(fake.requests).toHaveLength(0);
    expect(tier.status().state).toBe('on');
  });

  it('reports LLM_LEDGER when the spend cannot be recorded, without blaming the endpoint', async () => {
    const tier = tierFor(fake, {
      budget: { limits: { calls: null, usd: 10 }, ledger: brokenLedger('settle') },
      prices: { inputPerMillion: 1, outputPerMillion: 1 },
      circuit: { failureThreshold: 1, coolDownMs: 60_000 },
    });
    expect(await codeOf(tier.classifier.classify(redactedInput()))).toBe('LLM_LEDGER');
    expect(tier.status().state).toBe('on');
  });
});
