import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { evaluateHybrid, hybridReport } from '../../server/llm/index.ts';
import { createLocalClassifier, trainModel } from '../../src/model/index.ts';
import { redactTicket } from '../../src/redact/index.ts';
import { modelText } from '../../src/triage/index.ts';
import { chatCompletion, startFakeOpenAi, suggestionJson, type FakeOpenAi } from '../support/fake-openai.ts';
import { taxonomy, tierFor } from './support.ts';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});

describe('evaluateHybrid + hybridReport against the fake server', () => {
  it('sends only the uncertain tickets, costs them, and an oracle LLM lifts hybrid accuracy', async () => {
    const all = generateDemoTickets({ count: 260, seed: 11 });
    const train = all.slice(0, 200);
    const test = all.slice(200);
    const rows = train.map((ticket) => ({
      text: modelText(redactTicket(ticket).ticket),
      label: ticket.label,
      urgency: ticket.urgency ?? null,
    }));
    const local = createLocalClassifier(
      trainModel(rows, { seed: 1, now: new Date('2026-11-23T00:00:00Z'), version: 'eval-1' }),
    );
    // The fake answers the true label of whichever test ticket it is shown: an oracle, to check the plumbing.
    const truthByText = new Map(test.map((ticket) => [modelText(redactTicket(ticket).ticket), ticket.label]));
    fake.fallback('chat', (request) => {
      const user = (request.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? '';
      const label = [...truthByText].find(([text]) => user.includes(text.slice(0, 200)))?.[1] ?? 'how_to';
      return {
        body: chatCompletion(suggestionJson({ label, tags: [] }), {
          usage: { prompt_tokens: 1200, completion_tokens: 80 },
        }),
      };
    });
    const tier = tierFor(fake, { prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
    const outcomes = await evaluateHybrid(test, {
      taxonomy,
      local,
      llm: { classifier: tier.classifier, policy: 'uncertain' },
    });
    const report = hybridReport(outcomes);

    expect(report.tickets).toBe(60);
    expect(report.sentToLlm).toBe(fake.requests.length);
    expect(report.llmShare).toBeGreaterThan(0);
    expect(report.llmShare).toBeLessThan(1);
    expect(report.llmFailed).toBe(0);
    expect(report.usdPerLlmCall).toBeCloseTo(0.000228, 9);
    expect(report.usdPer1000Tickets).toBeCloseTo((0.228 * report.sentToLlm) / report.tickets, 6);
    expect(report.savingShare).toBeCloseTo(1 - report.sentToLlm / report.tickets, 3);
    expect(report.accuracy.hybrid).toBeGreaterThanOrEqual(report.accuracy.localOnly);
    expect(report.accuracy.onLlmTickets.llm).toBe(1);
  });
});
