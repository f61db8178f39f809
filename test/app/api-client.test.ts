import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../app/shared/api-client.ts';
import { ApiError } from '../../app/shared/api-error.ts';
import { feedbackEvent, feedbackKey } from '../../app/shared/feedback-event.ts';
import type { ZafRequestOptions } from '../../app/shared/zaf-types.ts';
import { ZafRequestOptions as PreviewRequestOptions } from '../../src/preview-host/index.ts';
import { StubZafClient, zafFailure } from './support/stub-zaf-client.ts';
import { errorReply, reviewItems, searchResponse, taxonomyView, triageResult } from './support/fixtures.ts';

const SECRET = 'super-secret-value-123';

function setup(reply: () => Promise<unknown>) {
  const client = new StubZafClient({ settings: { shared_secret: SECRET }, request: reply });
  const api = createApiClient(client, { backendUrl: 'https://triage.example.test/', subdomain: 'acme', userId: '9' });
  return { client, api };
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('API client', () => {
  it('sends every call through the ZAF proxy with secure: true, a proxy-signed HS256 JWT and a Bearer placeholder', async () => {
    const { client, api } = setup(() => Promise.resolve(triageResult()));
    await api.triage({ id: '4242', subject: 'Charged twice' });
    const [request] = client.requests();
    expect(request).toMatchObject({
      url: 'https://triage.example.test/v1/triage',
      type: 'POST',
      contentType: 'application/json',
      secure: true,
      cors: false,
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.shared_secret}}',
        expiry: 60,
        claims: { iss: 'acme', sub: '9' },
      },
      headers: { Authorization: 'Bearer {{jwt.token}}' },
    });
    expect(JSON.parse(request?.data ?? '')).toMatchObject({ ticket: { id: '4242', subject: 'Charged twice' } });
  });

  it("builds only requests the preview host accepts: the sidebar's ZafRequestOptions fit the preview's schema of them", async () => {
    // The two are kept apart on purpose (app/shared may not import src/preview-host, test/app/boundaries.test.ts):
    // this assignment fails to compile when a field the sidebar sets takes a form the preview's schema does not describe.
    const asPreview = (request: ZafRequestOptions): PreviewRequestOptions => request;
    const replies: unknown[] = [triageResult(), searchResponse, taxonomyView, { items: reviewItems() }];
    const { client, api } = setup(() => Promise.resolve(replies.shift()));
    await api.triage({ id: '4242', subject: 'Charged twice' });
    await api.searchSimilar('refund', { limit: 3, exclude: '4242' });
    await api.taxonomy();
    await api.reviewQueue(20);
    expect(client.requests()).toHaveLength(4);
    for (const request of client.requests())
      expect(PreviewRequestOptions.safeParse(asPreview(request)).success).toBe(true);
  });

  it('never puts the secret value in the request it hands to the browser-side client', async () => {
    const { client, api } = setup(() => Promise.resolve(triageResult()));
    await api.triage({ id: '4242', subject: 'Charged twice' });
    expect(JSON.stringify(client.requests())).not.toContain(SECRET);
  });

  it('builds the GET paths for search (leaving out the open ticket), ticket similarity and taxonomy', async () => {
    const replies = [searchResponse, searchResponse, taxonomyView];
    const { client, api } = setup(() => Promise.resolve(replies.shift()));
    await api.searchSimilar('reset password & 2fa', { limit: 3, exclude: '12/34' });
    await api.similarToTicket('12/34');
    await api.taxonomy();
    const urls = client.requests().map((request) => [request.type, request.url, request.data]);
    expect(urls).toEqual([
      ['GET', 'https://triage.example.test/v1/similar?q=reset+password+%26+2fa&limit=3&exclude=12%2F34', undefined],
      ['GET', 'https://triage.example.test/v1/tickets/12%2F34/similar', undefined],
      ['GET', 'https://triage.example.test/v1/taxonomy', undefined],
    ]);
  });

  it('reads the review queue with its limit, and rejects a queue the contract does not accept', async () => {
    const replies: unknown[] = [{ items: reviewItems() }, { items: [{ ...reviewItems()[0], textHash: undefined }] }];
    const { client, api } = setup(() => Promise.resolve(replies.shift()));
    expect((await api.reviewQueue(20)).items.map((item) => item.ticketId)).toEqual(['5001', '5002', '5003']);
    expect((await failureOf(api.reviewQueue())).kind).toBe('invalid_response');
    expect(client.requests().map((request) => [request.type, request.url, request.secure])).toEqual([
      ['GET', 'https://triage.example.test/v1/review?limit=20', true],
      ['GET', 'https://triage.example.test/v1/review?limit=50', true],
    ]);
  });

  it('accepts a JSON answer that arrives as text', async () => {
    const { api } = setup(() => Promise.resolve(JSON.stringify(taxonomyView)));
    await expect(api.taxonomy()).resolves.toEqual(taxonomyView);
  });

  it.each([
    [401, 'UNAUTHORIZED', 'unauthorized'],
    [401, 'TOKEN_EXPIRED', 'unauthorized'],
    [429, 'RATE_LIMITED', 'rate_limited'],
    [503, 'DATABASE_UNAVAILABLE', 'unreachable'],
    [500, 'INTERNAL', 'unreachable'],
    [400, 'VALIDATION_FAILED', 'invalid_request'],
  ])('maps HTTP %i %s to %s', async (status, code, kind) => {
    const { api } = setup(() => errorReply(status, code, code === 'RATE_LIMITED' ? { retryAfterSeconds: 30 } : {}));
    const error = await failureOf(api.taxonomy());
    expect(error).toMatchObject({ kind, code, status });
    if (code === 'RATE_LIMITED') expect(error.retryAfterSeconds).toBe(30);
  });

  it('treats a request that never reached the backend as unreachable and retryable', async () => {
    const { api } = setup(() => zafFailure({ status: 0, statusText: 'error' }));
    const error = await failureOf(api.taxonomy());
    expect(error).toMatchObject({ kind: 'unreachable', code: 'NETWORK_ERROR', status: null });
    expect(error.isRetryable).toBe(true);
  });

  it('treats a ZAF timeout (an Error, not a response) as unreachable', async () => {
    const { api } = setup(() => Promise.reject(new Error('Timeout when invoking "request"')));
    expect((await failureOf(api.taxonomy())).kind).toBe('unreachable');
  });

  it('rejects a 200 answer the contract does not accept', async () => {
    const { api } = setup(() => Promise.resolve({ ...triageResult(), decision: 'maybe' }));
    const error = await failureOf(api.triage({ id: '4242' }));
    expect(error).toMatchObject({ kind: 'invalid_response', code: 'INVALID_RESPONSE' });
  });

  it('posts feedback whose actor is the user its token is signed for, as the server requires (ACTOR_NOT_GRANTED otherwise)', async () => {
    const { client, api } = setup(() => Promise.resolve({ id: 'f1', duplicate: false }));
    await api.feedback(feedbackEvent({ result: triageResult(), kind: 'accept', userId: '9' }));
    await api.feedback(feedbackEvent({ result: triageResult(), kind: 'like', userId: '9', role: 'reviewer' }));
    for (const request of client.requests()) {
      const event = JSON.parse(request.data ?? '') as { actor: { id: string; role: string } };
      expect(event.actor.id).toBe(request.jwt?.claims?.sub);
      // The roles an installation token grants: never admin.
      expect(['agent', 'reviewer']).toContain(event.actor.role);
    }
  });

  it('refuses to send a feedback event the contract rejects', async () => {
    const { client, api } = setup(() => Promise.resolve({ id: 'f1', duplicate: false }));
    const event = feedbackEvent({ result: triageResult(), kind: 'correct', userId: '9' });
    const error = await failureOf(api.feedback(event));
    expect(error.kind).toBe('invalid_request');
    expect(client.requests()).toHaveLength(0);
  });
});

describe('feedback keys', () => {
  it('are the same for the same ticket text, kind and label, and differ otherwise', () => {
    const result = triageResult();
    expect(feedbackKey(result, 'accept')).toBe(feedbackKey(triageResult(), 'accept'));
    expect(feedbackKey(result, 'accept')).not.toBe(feedbackKey(result, 'reject'));
    expect(feedbackKey(result, 'correct', 'fraud')).not.toBe(feedbackKey(result, 'correct', 'bug'));
    expect(feedbackKey(result, 'accept')).not.toBe(feedbackKey(triageResult({ textHash: 'b'.repeat(64) }), 'accept'));
  });

  it('build a reviewer’s event from a review item the same way as an agent’s from a triage result', () => {
    const [item] = reviewItems();
    const subject = { ticketId: item!.ticketId, textHash: item!.textHash, label: { name: item!.label } };
    const event = feedbackEvent({
      result: subject,
      kind: 'correct',
      correctedLabel: 'fraud',
      userId: '7',
      role: 'reviewer',
      now: new Date('2026-11-29T10:00:00Z'),
    });
    expect(event).toEqual({
      idempotencyKey: `5001:${'b'.repeat(16)}:correct:billing:fraud`,
      ticketId: '5001',
      kind: 'correct',
      label: 'billing',
      correctedLabel: 'fraud',
      tags: [],
      actor: { id: '7', role: 'reviewer' },
      at: '2026-11-29T10:00:00.000Z',
    });
    expect(feedbackEvent({ result: triageResult(), kind: 'accept', userId: '7' }).actor.role).toBe('agent');
  });

  it('stay within the contract length for very long label ids', () => {
    const result = triageResult({ label: { ...triageResult().label, name: 'x'.repeat(100) } });
    const key = feedbackKey(result, 'correct', 'y'.repeat(100));
    expect(key.length).toBeLessThanOrEqual(200);
    expect(key).not.toBe(feedbackKey(result, 'correct', 'z'.repeat(100)));
  });
});

describe('reportUrl', () => {
  it("links the account's readiness report on the backend, by subdomain, with nothing secret in it", () => {
    const { api, client } = setup(() => Promise.resolve(null));
    expect(api.reportUrl).toBe('https://triage.example.test/v1/admin/report?subdomain=acme');
    expect(api.reportUrl).not.toContain(SECRET);
    expect(client.requests()).toEqual([]);
  });
});
