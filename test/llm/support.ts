import { readFileSync } from 'node:fs';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import type { ClassifierInput } from '../../src/classifier/index.ts';
import { createLlmTier, loadPrompt, type LlmTierOptions } from '../../server/llm/index.ts';
import type { FakeOpenAi } from '../support/fake-openai.ts';

export const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));
export const prompt = loadPrompt();

/** A redacted classifier input, as the pipeline hands it over. */
export function redactedInput(
  text = 'Webhooks stopped firing for <PERSON_1> since the API update.',
  extra: Partial<ClassifierInput> = {},
): ClassifierInput {
  return {
    ticket: { id: 't-1', subject: '', description: text, comments: [], participants: [], tags: [] },
    text,
    examples: [],
    ...extra,
  };
}

/** A tier against the fake server with short timeouts and fast retries. */
export function tierFor(fake: FakeOpenAi, options: Partial<LlmTierOptions> = {}) {
  return createLlmTier({
    baseURL: fake.baseURL,
    apiKey: 'sk-test-not-a-real-key',
    model: 'fake-model',
    taxonomy,
    prompt,
    timeoutMs: 2000,
    maxRetries: 2,
    ...options,
  });
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-11-23T10:00:00Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(iso: string) {
      current = new Date(iso).getTime();
    },
  };
}
