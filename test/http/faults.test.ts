import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBody, ReadyResponse } from '../../src/contract/index.ts';
import { startApp, type RunningApp } from '../support/http.ts';
import { testRuntime, type TestRuntime } from '../support/test-runtime.ts';

let server: RunningApp | null = null;
let runtime: TestRuntime;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(overrides: Parameters<typeof startApp>[1] = {}) {
  runtime = testRuntime();
  server = await startApp(runtime, overrides);
  return server;
}

const secretText = 'Zebra-Quokka confidential roadmap 7731';

describe('bad input', () => {
  it('answers 400 VALIDATION_FAILED with the field path and without echoing ticket text', async () => {
    const app = await start();
    const response = await app.call('POST', '/v1/triage', {
      body: {
        ticket: {
          id: 'x-1',
          subject: secretText,
          description: secretText.repeat(20),
          comments: [{ authorRole: 'robot', body: secretText }],
        },
      },
    });
    expect(response.status).toBe(400);
    const raw = await response.text();
    expect(ErrorBody.parse(JSON.parse(raw)).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'ticket.comments[0].authorRole',
    });
    expect(raw).not.toContain('Zebra');
    expect(runtime.store.callsTo('saveTriage')).toHaveLength(0);
  });

  it('names the bad field of an over-long subject without quoting it', async () => {
    const app = await start();
    const response = await app.call('POST', '/v1/triage', {
      body: { ticket: { id: 'x-1', subject: `${secretText} `.repeat(100) } },
    });
    const raw = await response.text();
    expect(ErrorBody.parse(JSON.parse(raw)).error.path).toBe('ticket.subject');
    expect(raw).not.toContain('Zebra');
  });

  it('answers 400 INVALID_JSON for a malformed body', async () => {
    const app = await start();
    const response = await app.call('POST', '/v1/triage', {
      rawBody: `{"ticket": {"id": "1", "subject": "${secretText}"`,
    });
    expect(response.status).toBe(400);
    const raw = await response.text();
    expect(ErrorBody.parse(JSON.parse(raw)).error.code).toBe('INVALID_JSON');
    expect(raw).not.toContain('Zebra');
  });

  const validTicket = JSON.stringify({
    ticket: { id: 'x-1', subject: 'Invoice', description: 'The invoice lacks our VAT number.' },
  });
  const validFeedback = JSON.stringify({
    idempotencyKey: 'fb-key-0001',
    ticketId: 'x-1',
    kind: 'accept',
    label: 'billing',
    actor: { id: 'agent-7' },
    at: '2026-11-23T10:00:00Z',
  });
  it.each([
    ['/v1/triage', 'text/plain', validTicket],
    ['/v1/triage', 'text/plain; charset=utf-8', validTicket],
    ['/v1/triage', 'application/x-www-form-urlencoded', validTicket],
    ['/v1/triage', 'application/x-ndjson', validTicket],
    ['/v1/feedback', 'text/plain', validFeedback],
  ])(
    'answers POST %s sent as %s with 415 naming application/json, before reading the body',
    async (path, contentType, rawBody) => {
      const app = await start();
      const response = await app.call('POST', path, { rawBody, contentType });
      expect(response.status).toBe(415);
      const body = ErrorBody.parse(await response.json());
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.error.message).toContain('application/json');
      expect(runtime.store.callsTo('saveTriage')).toHaveLength(0);
      expect(runtime.store.callsTo('appendFeedback')).toHaveLength(0);
    },
  );

  it('answers a POST without a content type with 415 too', async () => {
    const app = await start();
    const response = await fetch(`${app.base}/v1/triage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token()}` },
    });
    expect(response.status).toBe(415);
    expect(ErrorBody.parse(await response.json()).error.message).toContain('application/json');
  });

  it('accepts application/json with a charset', async () => {
    const app = await start();
    const response = await app.call('POST', '/v1/triage', {
      rawBody: validTicket,
      contentType: 'Application/JSON; charset=utf-8',
    });
    expect(response.status).toBe(200);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB', async () => {
    const app = await start();
    const response = await app.call('POST', '/v1/triage', {
      body: { ticket: { id: 'x-1', description: 'a'.repeat(1_100_000) } },
    });
    expect(response.status).toBe(413);
    expect(ErrorBody.parse(await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 404 NOT_FOUND for an unknown route', async () => {
    const app = await start();
    const response = await app.call('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(ErrorBody.parse(await response.json()).error.code).toBe('NOT_FOUND');
  });

  it('answers GET / without the preview host with a 404 that points to /v1 and /healthz', async () => {
    const app = await start();
    const response = await fetch(`${app.base}/`);
    expect(response.status).toBe(404);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain('/v1');
    expect(body.error.message).toContain('/healthz');
  });
});

describe('rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once the installation spends its burst', async () => {
    const app = await start({ rateLimit: { perSecond: 0.01, burst: 3 } });
    const acme = `Bearer ${await app.token({ installation: 'acme' })}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.call('GET', '/v1/taxonomy', { authorization: acme })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.call('GET', '/v1/taxonomy', { authorization: acme });
    // One token takes 100 s at 0.01/s; a little has refilled since the burst was spent.
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(90);
    expect(retryAfter).toBeLessThanOrEqual(100);
    expect(ErrorBody.parse(await limited.json()).error).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: retryAfter,
    });
  });

  it('keys the limit by the installation whose secret verified the token, so a fresh iss or subdomain per request does not escape it', async () => {
    const app = await start({ rateLimit: { perSecond: 0.01, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const token = await app.token({ installation: `fresh-${i}.zendesk.com`, claims: { subdomain: `fresh-${i}` } });
      statuses.push((await app.call('GET', '/v1/taxonomy', { authorization: `Bearer ${token}` })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});

describe('database unavailable', () => {
  it('answers 503 DATABASE_UNAVAILABLE and fails /readyz while the database is down, and recovers when it is back', async () => {
    const app = await start();
    const ticket = { ticket: { id: 'db-1', subject: 'Invoice question', description: 'Where is my invoice?' } };
    runtime.store.available = false;
    const failed = await app.call('POST', '/v1/triage', { body: ticket });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).not.toBeNull();
    expect(ErrorBody.parse(await failed.json()).error.code).toBe('DATABASE_UNAVAILABLE');
    const notReady = await app.call('GET', '/readyz', { authorization: null });
    expect(notReady.status).toBe(503);
    expect(ReadyResponse.parse(await notReady.json()).database).toMatchObject({
      ok: false,
      detail: 'DATABASE_UNAVAILABLE',
    });
    const feedback = await app.call('POST', '/v1/feedback', {
      body: {
        idempotencyKey: 'fb-db-0001',
        ticketId: 'db-1',
        kind: 'like',
        label: 'billing',
        actor: { id: 'a' },
        at: '2026-11-23T10:00:00Z',
      },
    });
    expect(feedback.status).toBe(503);

    runtime.store.available = true;
    expect((await app.call('GET', '/readyz', { authorization: null })).status).toBe(200);
    expect((await app.call('POST', '/v1/triage', { body: ticket })).status).toBe(200);
  });

  it('answers an unexpected error with a generic 500 INTERNAL', async () => {
    const app = await start();
    runtime.store.getTicket = async () => {
      throw new Error(`constraint failed for ${secretText}`);
    };
    const response = await app.call('GET', '/v1/tickets/abc/similar');
    expect(response.status).toBe(500);
    const raw = await response.text();
    expect(ErrorBody.parse(JSON.parse(raw)).error.code).toBe('INTERNAL');
    expect(raw).not.toContain('Zebra');
  });
});
