import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server received it: the body exactly as sent, for PII assertions. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly rawBody: string;
  readonly body: unknown;
  /** performance.now() when the request arrived, to measure retry delays. */
  readonly receivedAt: number;
}

/** What the server answers to one request. `hang` never answers (until the server closes). */
export interface FakeReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Sent as is instead of JSON-encoding `body`. */
  readonly rawBody?: string;
  readonly delayMs?: number;
  readonly hang?: boolean;
}

type Route = 'chat' | 'embeddings';
export type Responder = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAi {
  /** Base URL to give the SDK, ending in /v1. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Queues replies for the next requests to a route, in order; when the queue is empty the fallback answers. */
  script(route: Route, ...replies: (FakeReply | Responder)[]): void;
  /** What answers once the script is used up. */
  fallback(route: Route, responder: Responder): void;
  /** Every recorded request body joined, for "no PII reached the server" assertions. */
  allBodies(): string;
  close(): Promise<void>;
}

/** A chat completion carrying `content` (or a refusal), in the OpenAI wire format. */
export function chatCompletion(
  content: string | null,
  options: {
    refusal?: string;
    finishReason?: string;
    usage?: { prompt_tokens: number; completion_tokens: number };
    logprobs?: { token: string; logprob: number }[];
  } = {},
): unknown {
  const usage = options.usage ?? { prompt_tokens: 900, completion_tokens: 60 };
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_790_000_000,
    model: 'fake-model',
    choices: [
      {
        index: 0,
        finish_reason: options.finishReason ?? 'stop',
        message: { role: 'assistant', content, refusal: options.refusal ?? null },
        logprobs: options.logprobs
          ? { content: options.logprobs.map((entry) => ({ ...entry, bytes: null, top_logprobs: [] })) }
          : null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** A valid structured answer for the demo taxonomy. */
export function suggestionJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    label: 'integrations',
    urgency: 'normal',
    tags: ['api'],
    summary: 'The customer asks why webhooks stopped firing.',
    reason: 'Mentions webhooks and the API integration.',
    ...overrides,
  });
}

/** A deterministic small vector per text, so embedding tests can check order and batching. */
export function fakeVector(text: string, dimensions = 8): number[] {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return Array.from(
    { length: dimensions },
    (_, index) => (((hash >>> (index % 24)) & 0xff) / 255) * (index % 2 === 0 ? 1 : -1),
  );
}

function defaultResponder(route: Route): Responder {
  if (route === 'chat') return () => ({ body: chatCompletion(suggestionJson()) });
  return (request) => {
    const body = request.body as { input?: string | string[]; model?: string };
    const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
    return {
      body: {
        object: 'list',
        model: body.model,
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) })),
        usage: { prompt_tokens: inputs.length * 10, total_tokens: inputs.length * 10 },
      },
    };
  };
}

/** Starts an OpenAI-compatible HTTP server on 127.0.0.1 (random port): real sockets, so the real SDK retries and times out. */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const queues: Record<Route, (FakeReply | Responder)[]> = { chat: [], embeddings: [] };
  const fallbacks: Record<Route, Responder> = {
    chat: defaultResponder('chat'),
    embeddings: defaultResponder('embeddings'),
  };
  const hanging = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = null;
        }
        const path = (request.url ?? '').split('?')[0] ?? '';
        const recorded: RecordedRequest = {
          method: request.method ?? '',
          path,
          headers: request.headers,
          rawBody,
          body,
          receivedAt: performance.now(),
        };
        requests.push(recorded);
        const route: Route | null =
          path === '/v1/chat/completions' ? 'chat' : path === '/v1/embeddings' ? 'embeddings' : null;
        if (request.method !== 'POST' || route === null) {
          response
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
          return;
        }
        const next = queues[route].shift() ?? fallbacks[route];
        const reply = typeof next === 'function' ? await next(recorded) : next;
        if (reply.hang) {
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        }
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (response.destroyed) return;
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        response.end(reply.rawBody ?? JSON.stringify(reply.body ?? {}));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(route, ...replies) {
      queues[route].push(...replies);
    },
    fallback(route, responder) {
      fallbacks[route] = responder;
    },
    allBodies: () => requests.map((request) => request.rawBody).join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP error body the way OpenAI sends one. */
export function errorReply(status: number, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, body: { error: { message: `fake error ${status}`, type: 'server_error', code: null } } };
}
