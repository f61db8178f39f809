import { afterEach, describe, expect, it } from 'vitest';
import { UpdateConflictError, ZendeskApiError, ZendeskClient, type RetryNotice } from '../../server/zendesk/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';

const auth = { email: 'agent@example.com', apiToken: 'tok-123' };
let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

function client(
  url: string,
  retries: RetryNotice[] = [],
  policy = { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 5_000 },
) {
  return new ZendeskClient(
    { url: url, auth: { kind: 'api-token', ...auth } },
    { policy, onRetry: (notice) => retries.push(notice), exportPageSize: 2 },
  );
}

describe('ZendeskClient against the local Zendesk', () => {
  it('sends Basic {email}/token:{token}, and a wrong token gets a typed 401 naming no credential', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{ subject: 'Refund please' }] });
    expect((await client(fake.url).getTicket(1)).subject).toBe('Refund please');
    const wrong = new ZendeskClient({
      url: fake.url,
      auth: { kind: 'api-token', email: auth.email, apiToken: 'nope' },
    });
    const error = await wrong.getTicket(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ code: 'ZENDESK_HTTP_ERROR', status: 401, isRetryable: false });
    expect((error as Error).message).not.toContain('nope');
  });

  it('sends an OAuth bearer token', async () => {
    fake = await startFakeZendesk({ auth: { accessToken: 'oauth-abc' }, tickets: [{}] });
    const oauth = new ZendeskClient({ url: fake.url, auth: { kind: 'oauth', accessToken: 'oauth-abc' } });
    expect((await oauth.getTicket(1)).id).toBe(1);
  });

  it('waits what Retry-After says on a 429, then goes on', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{}] });
    fake.inject('show', { status: 429, retryAfterSeconds: 1 });
    const retries: RetryNotice[] = [];
    const started = performance.now();
    await client(fake.url, retries).getTicket(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(retries).toEqual([
      { method: 'GET', path: '/api/v2/tickets/1.json', attempt: 1, delayMs: 1000, status: 429 },
    ]);
  });

  it('retries 5xx with backoff and gives up with a typed error once attempts are used', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{}] });
    fake.inject('show', { status: 503, times: 2 });
    const retries: RetryNotice[] = [];
    expect((await client(fake.url, retries).getTicket(1)).id).toBe(1);
    expect(retries.map((notice) => notice.status)).toEqual([503, 503]);
    fake.inject('show', { status: 500, times: 100 });
    const error = await client(fake.url, [], { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 5_000 })
      .getTicket(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'ZENDESK_HTTP_ERROR',
      status: 500,
      isRetryable: true,
      zendeskError: 'ServerError',
    });
  });

  it('gives up at the deadline rather than wait a Retry-After past it', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{}] });
    fake.inject('show', { status: 429, retryAfterSeconds: 60 });
    const error = await client(fake.url)
      .getTicket(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ZENDESK_DEADLINE', status: 429, retryAfterSeconds: 60 });
  });

  it('retries a refused connection, then reports Zendesk unreachable', async () => {
    fake = await startFakeZendesk();
    const url = fake.url;
    await fake.close();
    fake = null;
    const retries: RetryNotice[] = [];
    const error = await client(url, retries, { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 5_000 })
      .getTicket(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ZENDESK_UNREACHABLE', status: null });
    expect(retries.length).toBe(5);
  });

  it("a 404 names Zendesk's error code, not the body", async () => {
    fake = await startFakeZendesk({ auth });
    const error = await client(fake.url)
      .getTicket(42)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, zendeskError: 'RecordNotFound' });
  });

  it('pages the cursor export from start_time to end_of_stream', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{}, {}, {}] });
    const zendesk = client(fake.url);
    const first = await zendesk.incrementalTickets({ startTime: 0 });
    expect(first.tickets.map((ticket) => ticket.id)).toEqual([1, 2]);
    expect(first.end_of_stream).toBe(false);
    const second = await zendesk.incrementalTickets({ cursor: first.after_cursor! });
    expect(second.tickets.map((ticket) => ticket.id)).toEqual([3]);
    expect(second.end_of_stream).toBe(true);
  });

  it('reads comments oldest first', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{ description: 'first' }] });
    expect((await client(fake.url).ticketComments(1)).map((comment) => comment.body)).toEqual(['first']);
  });

  it('reads a ticket with the fields the write-back needs, and refuses ids that are not Zendesk ids', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{ subject: 'Refund', priority: 'high', tags: ['vip'] }] });
    const zendesk = client(fake.url);
    expect(await zendesk.getTicket(1)).toMatchObject({
      id: 1,
      subject: 'Refund',
      priority: 'high',
      type: null,
      tags: ['vip'],
      requester_id: 1,
    });
    for (const id of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1])
      await expect(zendesk.getTicket(id)).rejects.toThrow(RangeError);
    expect(fake.requests.filter((request) => request.route === 'show')).toHaveLength(1);
  });

  it('updates safely with additional_tags, and a stale stamp throws UpdateConflictError', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{ tags: ['vip'] }] });
    const zendesk = client(fake.url);
    const read = await zendesk.getTicket(1);
    const updated = await zendesk.updateTicket(1, {
      additional_tags: ['triage_auto'],
      updated_stamp: read.updated_at,
      safe_update: true,
    });
    expect(updated.tags).toEqual(['vip', 'triage_auto']);
    const stale = await zendesk
      .updateTicket(1, { additional_tags: ['x'], updated_stamp: read.updated_at, safe_update: true })
      .catch((caught: unknown) => caught);
    expect(stale).toBeInstanceOf(UpdateConflictError);
    expect(stale).toMatchObject({
      code: 'ZENDESK_UPDATE_CONFLICT',
      status: 409,
      ticketId: 1,
      zendeskError: 'UpdateConflict',
    });
    expect(fake.tickets.get(1)!.tags).toEqual(['vip', 'triage_auto']);
  });
});
