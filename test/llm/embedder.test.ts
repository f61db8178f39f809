import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../server/llm/index.ts';
import { errorReply, fakeVector, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.ts';

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

const embedderFor = (options: { batchSize?: number; timeoutMs?: number; maxRetries?: number } = {}) =>
  createEmbedder({ baseURL: fake.baseURL, apiKey: 'sk-test', model: 'fake-embed', timeoutMs: 2000, ...options });

describe('createEmbedder', () => {
  it('returns one Float32Array per text, in order, in batches of batchSize', async () => {
    const texts = Array.from({ length: 5 }, (_, index) => `ticket number ${index} about <EMAIL_1>`);
    const vectors = await embedderFor({ batchSize: 2 }).embed(texts);
    expect(vectors).toHaveLength(5);
    vectors.forEach((vector, index) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(Array.from(vector)).toEqual(Array.from(Float32Array.from(fakeVector(texts[index]!))));
    });
    expect(fake.requests.map((request) => (request.body as { input: string[] }).input.length)).toEqual([2, 2, 1]);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'fake-embed', encoding_format: 'float' });
  });

  it('puts vectors back in input order when the server answers out of order', async () => {
    fake.script('embeddings', (request) => {
      const inputs = (request.body as { input: string[] }).input;
      return {
        body: {
          object: 'list',
          data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) })).reverse(),
        },
      };
    });
    const [a, b] = await embedderFor().embed(['first', 'second']);
    expect(Array.from(a!)).toEqual(Array.from(Float32Array.from(fakeVector('first'))));
    expect(Array.from(b!)).toEqual(Array.from(Float32Array.from(fakeVector('second'))));
  });

  it('retries a 429 through the SDK', async () => {
    fake.script('embeddings', errorReply(429, { 'retry-after-ms': '20' }));
    expect(await embedderFor().embed(['hello'])).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('times out a hanging server with LLM_TIMEOUT', async () => {
    fake.fallback('embeddings', () => ({ hang: true }));
    await expect(embedderFor({ timeoutMs: 200 }).embed(['hello'])).rejects.toMatchObject({ code: 'LLM_TIMEOUT' });
  });

  it('rejects a reply with a missing vector as LLM_SCHEMA', async () => {
    fake.script('embeddings', {
      body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }] },
    });
    await expect(embedderFor().embed(['a', 'b'])).rejects.toMatchObject({ code: 'LLM_SCHEMA' });
  });

  it('refuses unredacted text and sends nothing', async () => {
    await expect(embedderFor().embed(['mail jane.roe@example.com'])).rejects.toMatchObject({ code: 'LLM_UNREDACTED' });
    expect(fake.requests).toHaveLength(0);
  });
});
