import type OpenAI from 'openai';
import { z } from 'zod';
import { clip } from '../../src/text/index.ts';
import { withDeadline } from './deadline.ts';
import { fromSdkError, LlmError } from './errors.ts';
import { assertRedacted } from './pii-guard.ts';
import { createOpenAiClient } from './llm-tier.ts';

export interface EmbedderOptions {
  /** A shared client, or baseURL + apiKey to build one. */
  readonly client?: OpenAI;
  readonly baseURL?: string | undefined;
  readonly apiKey?: string;
  readonly model: string;
  /** Texts per request (default 64). */
  readonly batchSize?: number;
  /** Deadline per batch, retries included (default 10 000). */
  readonly timeoutMs?: number;
  /** The SDK's retries of 408/409/429/5xx honouring retry-after (default 2). */
  readonly maxRetries?: number;
  /** Texts longer than this are cut before embedding (default 8000 characters). */
  readonly maxChars?: number;
}

export interface Embedder {
  readonly model: string;
  /** One vector per text, in order. Texts must be redacted: high-confidence PII is refused (LLM_UNREDACTED). */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const EmbeddingResponse = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

/** An OpenAI-compatible embeddings client for similar tickets: batched, same deadline and retry policy as the classifier. */
export function createEmbedder(options: EmbedderOptions): Embedder {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 2;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const maxChars = options.maxChars ?? 8000;
  const client =
    options.client ??
    createOpenAiClient({ baseURL: options.baseURL, apiKey: options.apiKey ?? '', timeoutMs, maxRetries });

  async function embedBatch(batch: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const outcome = await withDeadline(timeoutMs, signal, (callSignal) =>
      // float: base64 (the SDK's default) is not served by every compatible server.
      client.embeddings.create(
        { model: options.model, input: [...batch], encoding_format: 'float' },
        { signal: callSignal, timeout: timeoutMs, maxRetries },
      ),
    );
    if (!('value' in outcome)) throw fromSdkError(outcome.error, outcome.deadlineHit);
    const parsed = EmbeddingResponse.safeParse(outcome.value);
    if (!parsed.success) throw new LlmError('LLM_SCHEMA', 'the embeddings reply does not match the expected shape');
    const vectors: (Float32Array | undefined)[] = Array.from({ length: batch.length }, () => undefined);
    for (const item of parsed.data.data) {
      if (item.index < batch.length) vectors[item.index] = Float32Array.from(item.embedding);
    }
    const dimensions = vectors[0]?.length ?? 0;
    if (vectors.some((vector) => vector === undefined || vector.length !== dimensions || dimensions === 0)) {
      throw new LlmError(
        'LLM_SCHEMA',
        `the embeddings reply has ${parsed.data.data.length} vectors of mixed or missing sizes for ${batch.length} texts`,
      );
    }
    return vectors as Float32Array[];
  }

  return {
    model: options.model,
    async embed(texts, signal) {
      // An empty input is rejected by OpenAI: send a space instead, and cut long texts.
      const prepared = texts.map((text) => (text.trim() === '' ? ' ' : clip(text, maxChars, { ellipsis: '' })));
      assertRedacted(prepared);
      const vectors: Float32Array[] = [];
      for (let start = 0; start < prepared.length; start += batchSize) {
        for (const vector of await embedBatch(prepared.slice(start, start + batchSize), signal)) vectors.push(vector);
      }
      return vectors;
    },
  };
}
