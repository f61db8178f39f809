import { createLlmTier } from '../../server/llm/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { createLocalClassifier, trainModel } from '../../src/model/index.ts';
import { modelText } from '../../src/triage/index.ts';
import { redactTicket } from '../../src/redact/index.ts';
import { prompt, taxonomy } from '../llm/support.ts';
import { chatCompletion, startFakeOpenAi, suggestionJson } from '../support/fake-openai.ts';
import { classifierContract } from './classifier-contract.ts';

classifierContract('local model', async () => {
  const rows = generateDemoTickets({ count: 300, seed: 7 }).map((ticket) => ({
    text: modelText(redactTicket(ticket).ticket),
    label: ticket.label,
    urgency: ticket.urgency ?? null,
  }));
  const model = trainModel(rows, { seed: 1, now: new Date('2026-11-23T00:00:00Z'), version: 'contract-1' });
  return { classifier: createLocalClassifier(model), taxonomy };
});

classifierContract('LLM tier (OpenAI-compatible server)', async () => {
  const fake = await startFakeOpenAi();
  // Answers vary with the request, as a model's would.
  const labels = ['billing', 'how_to', 'integrations', 'feature_request'];
  let call = 0;
  fake.fallback('chat', () => ({
    body: chatCompletion(suggestionJson({ label: labels[call++ % labels.length], tags: [] })),
  }));
  const tier = createLlmTier({
    baseURL: fake.baseURL,
    apiKey: 'sk-test',
    model: 'fake-model',
    taxonomy,
    prompt,
    timeoutMs: 2000,
  });
  return { classifier: tier.classifier, taxonomy, teardown: () => fake.close() };
});
