import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  FeedbackResponse,
  ImportReport,
  ReviewResponse,
  SimilarResponse,
  TaxonomyView,
  TriageResult,
  VerdictResponse,
  WebhookAck,
} from '../../src/contract/index.ts';
import { signInstallationToken } from '../../server/auth/index.ts';
import { loadConfig } from '../../server/config/index.ts';
import { BODY_LIMIT_BYTES } from '../../server/http/app.ts';
import { IMPORT_CONTENT_TYPES } from '../../server/http/routes/admin-routes.ts';
import { bootstrap } from '../../server/runtime/bootstrap.ts';
import { createRuntime, type RuntimeHandle } from '../../server/runtime/create-runtime.ts';
import { signDelivery, webhookIntake } from '../../server/webhooks/index.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import {
  METHODS,
  SECRET_TEXT,
  anyValue,
  contentType,
  deepNesting,
  encodedBytes,
  feedbackEvent,
  malformedJson,
  queryString,
  text,
  ticket,
} from './arbitraries.ts';
import { HUGE_REQUEST_BOUND_MS, expectSound, send, sendRaw, type Exchange } from './exchange.ts';

/** Where the suite's server keeps its data: the environment it adds to the config, and how to remove it after. */
export interface FuzzEngine {
  open(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}

/** FUZZ_SEED=<n> replays a run (fast-check prints the seed of a failure); FUZZ_SCALE=<k> runs k times as many cases. */
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20_261_214;
const scale = process.env.FUZZ_SCALE !== undefined ? Number(process.env.FUZZ_SCALE) : 1;
const runs = (count: number) => ({ numRuns: Math.max(1, Math.round(count * scale)), seed });

/** What each route answers with on success, so a 2xx is checked against the contract too. */
const CONTRACTS: ReadonlyArray<readonly [string, RegExp, z.ZodType]> = [
  ['POST', /^\/v1\/triage\/?$/, TriageResult],
  ['POST', /^\/v1\/feedback\/?$/, FeedbackResponse],
  ['GET', /^\/v1\/similar\/?$/, SimilarResponse],
  ['GET', /^\/v1\/tickets\/[^/]+\/similar\/?$/, SimilarResponse],
  ['GET', /^\/v1\/tickets\/[^/]+\/verdict\/?$/, VerdictResponse],
  ['GET', /^\/v1\/taxonomy\/?$/, TaxonomyView],
  ['GET', /^\/v1\/review\/?$/, ReviewResponse],
  ['POST', /^\/v1\/admin\/import\/?$/, ImportReport],
  ['POST', /^\/v1\/webhooks\/zendesk(\/[^/]+)?\/?$/, WebhookAck],
];

const WEBHOOK_SECRET = 'fuzz-webhook-secret-0123456789ab';
const contractFor = (method: string, path: string) =>
  CONTRACTS.find(([m, pattern]) => m === method && pattern.test(path.split('?')[0]!))?.[2] ?? null;

/** Sends a request with fetch and checks every promise the API makes about its answer. */
async function exchange(base: string, request: Parameters<typeof send>[1], boundMs?: number): Promise<Exchange> {
  const answer = await send(base, request);
  expectSound(answer, {
    contract: contractFor(request.method, request.path),
    ...(boundMs !== undefined ? { boundMs } : {}),
  });
  return answer;
}

const ROUTES = [
  '/v1/triage',
  '/v1/feedback',
  '/v1/similar?q=invoice',
  '/v1/tickets/fuzz-1/similar',
  '/v1/tickets/fuzz-1/verdict',
  '/v1/taxonomy',
  '/v1/review',
  '/v1/admin/import',
  '/v1/webhooks/zendesk',
  '/v1/webhooks/zendesk/acme',
  '/v1/',
  '/v1',
  '/',
  '/v1/nope',
  '/v1/triage/extra',
  '/healthz',
  '/readyz',
  '/metrics',
  '//v1//triage',
  '/V1/TRIAGE',
] as const;

const validTicketBody = (id: string) => ({
  ticket: { id, subject: 'Invoice export', description: 'The invoice export lacks our VAT number.' },
});

/**
 * A few thousand generated requests against a real server on one storage engine: every answer is below 500, every
 * error is the documented `{ error: { code, message } }` with a documented code and status, every success fits the
 * contract, and every request finishes within a bound.
 */
export function httpFuzzSuite(name: string, engine: FuzzEngine | null): void {
  describe.skipIf(engine === null)(`HTTP fuzz on ${name}`, () => {
    let handle: RuntimeHandle;
    let server: RunningApp;
    let cleanup: (() => Promise<void>) | null = null;
    let port: number;
    let cached: { token: string; at: number } | null = null;
    // Tokens live 60 s; a fresh one every 20 s keeps a slow run from sending expired ones.
    const token = async () => {
      if (cached === null || Date.now() - cached.at > 20_000)
        cached = { token: await signInstallationToken(SHARED_SECRET, { installation: 'fuzz' }), at: Date.now() };
      return cached.token;
    };
    const authorized = async (headers: Record<string, string> = {}) => ({
      authorization: `Bearer ${await token()}`,
      ...headers,
    });

    beforeAll(async () => {
      const opened = await engine!.open();
      cleanup = () => opened.cleanup();
      const silent = pino({ level: 'silent' });
      const config = loadConfig({
        env: {
          ...opened.env,
          TRIAGE_SHARED_SECRET: SHARED_SECRET,
          TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN,
          LOG_LEVEL: 'silent',
        },
        envFile: null,
      });
      handle = await createRuntime(config, silent, { live: false });
      await bootstrap(handle, silent, { demo: true });
      // A rate limit no run reaches, so 429s do not hide how bodies are handled (a 429 would still be accepted).
      server = await startApp(handle.runtime, {
        rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
        webhooks: webhookIntake({ store: handle.store, defaultSecret: WEBHOOK_SECRET }),
      });
      port = Number(new URL(server.base).port);
    });

    afterAll(async () => {
      await server?.close();
      await handle?.close();
      await cleanup?.();
    });

    it('POST /v1/triage: contract-shaped tickets with unicode edge cases, wrong types and extra keys', async () => {
      const body = fc.oneof(
        { weight: 9, arbitrary: ticket.map((value) => ({ ticket: value })) },
        { weight: 1, arbitrary: anyValue.map((value) => ({ ticket: value })) },
      );
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          await exchange(server.base, {
            method: 'POST',
            path: '/v1/triage',
            headers: await authorized({ 'content-type': 'application/json' }),
            body: JSON.stringify(value),
          });
        }),
        runs(400),
      );
    });

    it('POST /v1/feedback: contract-shaped events with unicode edge cases, wrong types and extra keys', async () => {
      await fc.assert(
        fc.asyncProperty(feedbackEvent, async (value) => {
          await exchange(server.base, {
            method: 'POST',
            path: '/v1/feedback',
            headers: await authorized({ 'content-type': 'application/json' }),
            body: JSON.stringify(value),
          });
        }),
        runs(250),
      );
    });

    it('POST /v1/triage and /v1/feedback: any JSON value as the body', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/v1/triage', '/v1/feedback'),
          fc.jsonValue({ maxDepth: 5 }),
          async (path, value) => {
            const answer = await exchange(server.base, {
              method: 'POST',
              path,
              headers: await authorized({ 'content-type': 'application/json' }),
              body: JSON.stringify(value),
            });
            expect(answer.status).toBeGreaterThanOrEqual(200);
          },
        ),
        runs(250),
      );
    });

    it('POST /v1/webhooks/zendesk: signed bodies of any JSON (event-shaped or not) answer 2xx or 400', async () => {
      const ticketEvent = fc.record({
        type: fc.constantFrom('zen:event-type:ticket.created', 'zen:event-type:ticket.comment_added', 'zen:x'),
        id: text(40),
        detail: fc.record({ id: fc.oneof(fc.nat(), text(12)) }),
      });
      await fc.assert(
        fc.asyncProperty(fc.oneof(ticketEvent, fc.jsonValue({ maxDepth: 4 })), async (value) => {
          const body = JSON.stringify(value) ?? '';
          const timestamp = new Date().toISOString();
          const answer = await exchange(server.base, {
            method: 'POST',
            path: '/v1/webhooks/zendesk',
            headers: {
              'content-type': 'application/json',
              'x-zendesk-webhook-signature-timestamp': timestamp,
              'x-zendesk-webhook-signature': signDelivery(WEBHOOK_SECRET, timestamp, body),
            },
            body,
          });
          expect([200, 202, 400]).toContain(answer.status);
        }),
        runs(150),
      );
    });

    it('POST with malformed JSON answers 400', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/v1/triage', '/v1/feedback'), malformedJson, async (path, raw) => {
          const answer = await exchange(server.base, {
            method: 'POST',
            path,
            headers: await authorized({ 'content-type': 'application/json' }),
            body: raw,
          });
          // A few mutations stay valid JSON of the wrong shape; none is a valid request.
          expect(answer.status).toBe(400);
        }),
        runs(250),
      );
    });

    it('deeply nested JSON (up to 100,000 levels) answers 4xx, not a stack overflow', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/v1/triage', '/v1/feedback'), deepNesting, async (path, nested) => {
          const answer = await exchange(server.base, {
            method: 'POST',
            path,
            headers: await authorized({ 'content-type': 'application/json' }),
            body: nested.body,
            label: `POST ${path} with ${nested.depth} levels of ${nested.shape} nesting`,
          });
          expect(answer.status).toBeGreaterThanOrEqual(400);
        }),
        runs(24),
      );
    });

    it('POST bodies under odd content types answer 2xx, 400 or 415', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/v1/triage', '/v1/feedback'),
          contentType,
          fc.boolean(),
          async (path, type, withBody) => {
            const body =
              path === '/v1/triage'
                ? validTicketBody('fuzz-ct')
                : {
                    idempotencyKey: 'fuzz-ct-0001',
                    ticketId: 'fuzz-ct',
                    kind: 'like',
                    label: 'bug',
                    actor: { id: 'agent-1' },
                    at: '2026-11-23T10:00:00Z',
                  };
            const answer = await exchange(server.base, {
              method: 'POST',
              path,
              headers: await authorized(type === undefined ? {} : { 'content-type': type }),
              ...(withBody ? { body: JSON.stringify(body) } : {}),
            });
            expect([200, 201, 400, 415]).toContain(answer.status);
          },
        ),
        runs(200),
      );
    });

    it(`bodies around the ${BODY_LIMIT_BYTES}-byte limit: 413 above it, a triage result at or below`, async () => {
      const sizes = fc.oneof(
        fc.integer({ min: BODY_LIMIT_BYTES - 64, max: BODY_LIMIT_BYTES + 64 }),
        fc.constantFrom(BODY_LIMIT_BYTES, BODY_LIMIT_BYTES + 1, 2 * BODY_LIMIT_BYTES, 8 * BODY_LIMIT_BYTES),
      );
      await fc.assert(
        fc.asyncProperty(sizes, async (size) => {
          const json = JSON.stringify(validTicketBody('fuzz-size'));
          // Whitespace after the document is legal JSON: the body is exactly `size` bytes.
          const body = json + ' '.repeat(size - json.length);
          const answer = await exchange(
            server.base,
            {
              method: 'POST',
              path: '/v1/triage',
              headers: await authorized({ 'content-type': 'application/json' }),
              body,
              label: `POST /v1/triage with ${size} bytes`,
            },
            HUGE_REQUEST_BOUND_MS,
          );
          expect(answer.status).toBe(size > BODY_LIMIT_BYTES ? 413 : 200);
        }),
        runs(10),
      );
    });

    it.each([
      [
        'ASCII text with PII to redact',
        () => ({
          description: 'Invoice export fails for jane.doe@example.com, call +1 415 555 0100. '.repeat(6_500),
          comments: Array.from({ length: 4 }, () => ({
            authorRole: 'requester',
            body: 'The export still fails. '.repeat(4_000),
          })),
        }),
      ],
      [
        'emoji and ZWJ sequences',
        () => ({ description: '👨‍👩‍👧‍👦😀🏳️‍🌈 '.repeat(20_000).slice(0, 400_000), subject: '😀'.repeat(500) }),
      ],
      [
        '500 comments',
        () => ({
          comments: Array.from({ length: 500 }, (_, index) => ({
            authorRole: index % 2 ? 'agent' : 'requester',
            body: `Comment ${index}: the invoice export is broken again. `.repeat(30),
          })),
        }),
      ],
    ])('a huge but legal ticket (%s) answers a triage result in bounded time', async (_name, fields) => {
      const body = JSON.stringify({ ticket: { id: 'fuzz-huge', subject: 'Invoice export', ...fields() } });
      expect(Buffer.byteLength(body)).toBeGreaterThan(0.7 * BODY_LIMIT_BYTES);
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BODY_LIMIT_BYTES);
      const answer = await exchange(
        server.base,
        {
          method: 'POST',
          path: '/v1/triage',
          headers: await authorized({ 'content-type': 'application/json' }),
          body,
          label: `POST /v1/triage with a ${Buffer.byteLength(body)}-byte ticket`,
        },
        HUGE_REQUEST_BOUND_MS,
      );
      expect(answer.status).toBe(200);
    });

    it('GET routes with odd query strings answer 200 or 400', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/v1/similar', '/v1/review', '/v1/tickets/fuzz-1/similar', '/v1/taxonomy'),
          queryString,
          async (path, query) => {
            const answer = await exchange(server.base, {
              method: 'GET',
              path: `${path}?${query}`,
              headers: await authorized(),
            });
            expect([200, 400, 404]).toContain(answer.status);
          },
        ),
        runs(300),
      );
    });

    it('ticket ids in the path: any bytes, percent-encoded', async () => {
      await fc.assert(
        fc.asyncProperty(encodedBytes(12), fc.constantFrom('verdict', 'similar'), async (id, what) => {
          const answer = await exchange(server.base, {
            method: 'GET',
            path: `/v1/tickets/${id}/${what}`,
            headers: await authorized(),
          });
          expect([200, 400, 404]).toContain(answer.status);
        }),
        runs(250),
      );
    });

    it('every method on every route answers without a server error', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...METHODS),
          fc.constantFrom(...ROUTES),
          fc.option(text(40), { nil: undefined }),
          async (method, path, body) => {
            const sendsBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
            await exchange(server.base, {
              method,
              path,
              headers: await authorized(sendsBody ? { 'content-type': 'application/json' } : {}),
              ...(sendsBody ? { body: JSON.stringify({ ticket: { id: 'fuzz-m', subject: body } }) } : {}),
            });
          },
        ),
        runs(200),
      );
    });

    it('Authorization header variants answer 2xx, 401 or 403', async () => {
      const printable = fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
        maxLength: 80,
      });
      const authorization = fc.oneof(
        fc.constant(undefined),
        printable,
        printable.map((value) => `Bearer ${value}`),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic dXNlcjpwYXNz',
          `Bearer ${ADMIN_TOKEN}`,
          `Bearer ${'x'.repeat(8_000)}`,
          'Bearer a.b.c',
          'Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjk5OTk5OTk5OTl9.',
        ),
        fc
          .constantFrom(
            'valid',
            'valid-lowercase',
            'valid-padded',
            'wrong-secret',
            'expired',
            'no-exp',
            'odd-installation',
          )
          .map((kind) => ({ kind })),
      );
      await fc.assert(
        fc.asyncProperty(
          authorization,
          fc.constantFrom(
            'GET /v1/taxonomy',
            'GET /v1/review?limit=1',
            'GET /v1/tickets/fuzz-1/verdict',
            'POST /v1/admin/import',
          ),
          async (variant, route) => {
            const [method, path] = route.split(' ') as [string, string];
            let header: string | undefined;
            if (typeof variant === 'object') {
              const now = new Date();
              if (variant.kind === 'valid') header = `Bearer ${await token()}`;
              else if (variant.kind === 'valid-lowercase') header = `bearer ${await token()}`;
              else if (variant.kind === 'valid-padded') header = `Bearer   ${await token()}  `;
              else if (variant.kind === 'wrong-secret')
                header = `Bearer ${await signInstallationToken('another-secret-0123456789abcdef')}`;
              else if (variant.kind === 'expired')
                header = `Bearer ${await signInstallationToken(SHARED_SECRET, { now: new Date(now.getTime() - 3_600_000) })}`;
              else if (variant.kind === 'no-exp')
                header = `Bearer ${await signInstallationToken(SHARED_SECRET, { claims: { exp: 'soon' } })}`;
              else
                header = `Bearer ${await signInstallationToken(SHARED_SECRET, { installation: '\u0000 ../../etc 😀'.repeat(20) })}`;
            } else header = variant;
            const answer = await exchange(server.base, {
              method,
              path,
              headers: {
                ...(header !== undefined ? { authorization: header } : {}),
                ...(method === 'POST' ? { 'content-type': 'application/x-ndjson' } : {}),
              },
              ...(method === 'POST' ? { body: '' } : {}),
            });
            expect([200, 401, 403]).toContain(answer.status);
          },
        ),
        runs(200),
      );
    });

    it('POST /v1/admin/import: JSONL lines with unicode edge cases, garbage lines and odd line endings', async () => {
      const line = fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .tuple(ticket, fc.oneof(fc.constantFrom('billing', 'bug'), text(20)))
            .map(([value, label]) => JSON.stringify({ ...value, label })),
        },
        { weight: 1, arbitrary: malformedJson.filter((raw) => !/[\r\n]/.test(raw)) },
        { weight: 1, arbitrary: fc.constantFrom('', ' ', '\ufeff') },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(line, { minLength: 1, maxLength: 8 }),
          fc.constantFrom('\n', '\r\n'),
          fc.constantFrom(...IMPORT_CONTENT_TYPES),
          async (lines, end, type) => {
            const answer = await exchange(server.base, {
              method: 'POST',
              path: '/v1/admin/import',
              headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
              body: lines.join(end),
            });
            expect(answer.status).toBe(200);
          },
        ),
        runs(40),
      );
    });

    it('malformed HTTP on a raw socket: request lines, headers, URLs and Content-Length', async () => {
      const json = JSON.stringify(validTicketBody('fuzz-raw'));
      const request = (head: string, body = '') => ({ head, body });
      const malformed = fc.oneof(
        fc.integer({ min: 17_000, max: 80_000 }).map((size) => ({
          label: `GET /v1/taxonomy with a ${size}-byte header`,
          build: (auth: string) =>
            request(`GET /v1/taxonomy HTTP/1.1\r\nHost: x\r\n${auth}X-Pad: ${'a'.repeat(size)}\r\n`),
        })),
        fc
          .tuple(
            fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%G0', '%%', '%u0041', '%0', 'a%'),
            fc.constantFrom('/v1/tickets/{}/verdict', '/{}', '/v1/{}', '/v1/similar{}?q=x', '/healthz{}'),
          )
          .map(([bad, shape]) => {
            // The query carries ticket words: an error body must not echo them.
            const path = `${shape.replace('{}', bad)}${shape.includes('?') ? '' : '?q='}${SECRET_TEXT.replaceAll(' ', '+')}`;
            return {
              label: `GET ${path}`,
              build: (auth: string) => request(`GET ${path} HTTP/1.1\r\nHost: x\r\n${auth}`),
            };
          }),
        fc
          .constantFrom(
            'abc',
            '-1',
            '1.5',
            '+5',
            '0x10',
            '99999999999999999999',
            `${json.length}, ${json.length + 1}`,
            ' ',
            '',
          )
          .map((length) => ({
            label: `POST /v1/triage with Content-Length: ${length}`,
            build: (auth: string) =>
              request(
                `POST /v1/triage HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${length}\r\n`,
                json,
              ),
          })),
        fc
          .constantFrom(
            {
              label: 'POST with two different Content-Lengths',
              extra: `Content-Length: ${json.length}\r\nContent-Length: ${json.length - 1}\r\n`,
              body: json,
            },
            {
              label: 'POST with Content-Length and chunked',
              extra: `Content-Length: ${json.length}\r\nTransfer-Encoding: chunked\r\n`,
              body: `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`,
            },
            {
              label: 'POST with a bad chunk size',
              extra: 'Transfer-Encoding: chunked\r\n',
              body: `zz\r\n${json}\r\n0\r\n\r\n`,
            },
            {
              label: 'POST with an unknown transfer coding',
              extra: 'Transfer-Encoding: gzip, chunked\r\n',
              body: `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`,
            },
            {
              label: 'POST with a Content-Length shorter than the body',
              extra: `Content-Length: ${json.length - 10}\r\n`,
              body: json,
            },
          )
          .map(({ label, extra, body }) => ({
            label,
            build: (auth: string) =>
              request(`POST /v1/triage HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\n${extra}`, body),
          })),
        fc
          .constantFrom(
            'GARBAGE',
            'GET',
            'GET /v1/taxonomy',
            'GET /v1/taxonomy HTTP/9.9',
            'GET /v1/taxonomy HTTP/1.1 extra',
            'get /v1/taxonomy HTTP/1.1',
            'GET\t/v1/taxonomy HTTP/1.1',
            ' GET /v1/taxonomy HTTP/1.1',
            'GET /v1/ta xonomy HTTP/1.1',
            'GET http://127.0.0.1/v1/taxonomy HTTP/1.1',
            'GET * HTTP/1.1',
            'GET /v1/taxonomy\u00ff HTTP/1.1',
            'GET /v1/tax\u0000onomy HTTP/1.1',
            'BREW /v1/taxonomy HTTP/1.1',
          )
          .map((line) => ({
            label: `request line ${JSON.stringify(line)}`,
            build: (auth: string) => request(`${line}\r\nHost: x\r\n${auth}`),
          })),
        fc
          .constantFrom(
            'X-Fuzz: a\u0000b',
            'NoColon',
            'Bad Name: x',
            ' folded continuation',
            'X-Fuzz: \u007f',
            'Authorization: Bearer \u00e9\u00ff\u0080',
            'X-Fuzz: \u00e9t\u00e9',
            ': empty-name',
            'Host: second-host',
          )
          .map((header) => ({
            label: `GET /v1/taxonomy with header ${JSON.stringify(header)}`,
            build: (auth: string) => request(`GET /v1/taxonomy HTTP/1.1\r\nHost: x\r\n${auth}${header}\r\n`),
          })),
        fc.constant({
          label: 'GET /v1/taxonomy without Host',
          build: (auth: string) => request(`GET /v1/taxonomy HTTP/1.1\r\n${auth}`),
        }),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async ({ label, build }) => {
          const { head, body } = build(`Authorization: Bearer ${await token()}\r\n`);
          // latin1 keeps the bytes above 0x7f as single raw bytes, as a broken client would send them.
          const bytes = Buffer.concat([
            Buffer.from(`${head}Connection: close\r\n\r\n`, 'latin1'),
            Buffer.from(body, 'utf8'),
          ]);
          const answers = await sendRaw(port, label, bytes);
          for (const answer of answers) expectSound(answer);
          expect(answers.length).toBeGreaterThan(0);
        }),
        runs(150),
      );
    });
  });
}
