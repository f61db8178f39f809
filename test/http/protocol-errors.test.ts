import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src/contract/index.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startApp, type RunningApp } from '../support/http.ts';
import { testRuntime } from '../support/test-runtime.ts';

let server: RunningApp;
beforeAll(async () => {
  server = await startApp(testRuntime());
});
afterAll(async () => {
  await server.close();
});

const post = (headers: string, body = '{}') =>
  `POST /v1/triage HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${headers}connection: close\r\n\r\n${body}`;

describe('requests refused before any route runs', () => {
  it.each([
    [
      '60 KB of headers',
      `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(60_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a bad %-escape in the path',
      'GET /v1/tickets/ticket-4471%ZZ/verdict HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
      400,
      'INVALID_URL',
    ],
    ['a bad %-escape at the root', 'GET /%ZZ HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', 400, 'INVALID_URL'],
    ['a content-length that is not a number', post('content-length: abc\r\n'), 400, 'INVALID_CONTENT_LENGTH'],
    ['a negative content-length', post('content-length: -1\r\n'), 400, 'INVALID_CONTENT_LENGTH'],
    [
      'two different content-lengths',
      post('content-length: 2\r\ncontent-length: 3\r\n'),
      400,
      'INVALID_CONTENT_LENGTH',
    ],
    ['something that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    [
      "a path parameter over fastify's length limit",
      `GET /v1/tickets/${'x'.repeat(150)}/verdict HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
      414,
      'URL_TOO_LONG',
    ],
  ])('answers %s in the API error shape', async (_name, request, status, code) => {
    const response = await rawRequest(server.base, request);
    expect(response.status).toBe(status);
    expect(response.headers).toMatch(/content-type: application\/json/i);
    const body: unknown = JSON.parse(response.body);
    expect(ErrorBody.strict().parse(body).error.code).toBe(code);
    // fastify's own shape had statusCode and echoed the URL.
    expect(response.body).not.toContain('statusCode');
    expect(response.body).not.toContain('ticket-4471');
  });
});
