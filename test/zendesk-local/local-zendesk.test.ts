import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSignature, parseEvent } from '../../server/webhooks/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';

const SECRET = 'local-webhook-secret-0123456789ab';

interface Received {
  status: number;
  signature: ReturnType<typeof checkSignature>;
  event: ReturnType<typeof parseEvent>;
}

/** A webhook endpoint on 127.0.0.1 that checks every delivery's signature as the backend does. */
async function receiver(answers: number[] = []) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const status = answers.shift() ?? 202;
      received.push({
        status,
        signature: checkSignature(
          SECRET,
          {
            signature: request.headers['x-zendesk-webhook-signature'] as string | undefined,
            timestamp: request.headers['x-zendesk-webhook-signature-timestamp'] as string | undefined,
            body,
          },
          new Date(),
        ),
        event: parseEvent(body),
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

async function start(
  answers: number[] = [],
): Promise<{ zendesk: FakeZendesk; hook: Awaited<ReturnType<typeof receiver>> }> {
  const hook = await receiver(answers);
  const zendesk = await startFakeZendesk({ webhook: { url: hook.url, secret: SECRET } });
  closing.push(hook.close, () => zendesk.close());
  return { zendesk, hook };
}

describe('local Zendesk', () => {
  it('creates a ticket through the API and announces it with a signed ticket.created delivery', async () => {
    const { zendesk, hook } = await start();
    const response = await fetch(`${zendesk.url}/api/v2/tickets.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { subject: 'Cannot log in', comment: { body: 'The login page loops.' } } }),
    });
    expect(response.status).toBe(201);
    const { ticket } = (await response.json()) as { ticket: { id: number; description: string; status: string } };
    expect(ticket).toMatchObject({ description: 'The login page loops.', status: 'new' });
    await until(() => hook.received.length === 1);
    expect(hook.received[0]!.signature).toBeNull();
    expect(hook.received[0]!.event).toEqual({
      kind: 'ticket',
      event: {
        eventId: zendesk.deliveries[0]!.eventId,
        type: 'zen:event-type:ticket.created',
        ticketId: String(ticket.id),
      },
    });
    await until(() => zendesk.deliveries[0]!.status === 202);
  });

  it('announces a comment added by an update as ticket.comment_added, and a tag-only update not at all', async () => {
    const { zendesk, hook } = await start();
    const ticket = zendesk.createTicket({ subject: 'Refund', comment: { body: 'Please refund order 7.' } });
    await until(() => hook.received.length === 1);
    const put = (body: unknown) =>
      fetch(`${zendesk.url}/api/v2/tickets/${ticket.id}.json`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ ticket: { additional_tags: ['triage_auto'] } })).status).toBe(200);
    expect((await put({ ticket: { comment: { body: 'Any news?' } } })).status).toBe(200);
    await until(() => hook.received.length === 2);
    expect(hook.received.map((entry) => entry.event.kind === 'ticket' && entry.event.event.type)).toEqual([
      'zen:event-type:ticket.created',
      'zen:event-type:ticket.comment_added',
    ]);
    expect(zendesk.tickets.get(ticket.id)!.comments.map((comment) => comment.body)).toEqual([
      'Please refund order 7.',
      'Any news?',
    ]);
  });

  it('keeps no request or delivery log when told not to record, and still delivers', async () => {
    const hook = await receiver();
    const zendesk = await startFakeZendesk({ webhook: { url: hook.url, secret: SECRET }, record: false });
    closing.push(hook.close, () => zendesk.close());
    zendesk.createTicket({ subject: 'Quiet', comment: { body: 'No log kept.' } });
    await until(() => hook.received.length === 1);
    expect((await fetch(`${zendesk.url}/api/v2/tickets/1.json`)).status).toBe(200);
    expect(zendesk.requests).toEqual([]);
    expect(zendesk.deliveries).toEqual([]);
  });

  it('retries a delivery the endpoint answered with a 5xx, and gives up on a 4xx', async () => {
    const { zendesk, hook } = await start([503, 202, 401]);
    zendesk.createTicket({ subject: 'First', comment: { body: 'One' } });
    await until(() => zendesk.deliveries[0]?.status === 202);
    expect(zendesk.deliveries[0]!.attempts).toBe(2);
    zendesk.createTicket({ subject: 'Second', comment: { body: 'Two' } });
    await until(() => zendesk.deliveries[1]?.status === 401);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(zendesk.deliveries[1]!.attempts).toBe(1);
    expect(hook.received).toHaveLength(3);
  });

  it('applies an update at once but holds its answer when told to, and records the status it answered', async () => {
    const { zendesk } = await start();
    const ticket = zendesk.createTicket({ subject: 'Refund', comment: { body: 'Please refund order 7.' } });
    zendesk.inject('update', { delayMs: 400 });
    const sent = Date.now();
    const answer = fetch(`${zendesk.url}/api/v2/tickets/${ticket.id}.json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { additional_tags: ['triage_review'] } }),
    });
    await until(() => zendesk.tickets.get(ticket.id)!.tags.includes('triage_review'));
    expect(Date.now() - sent).toBeLessThan(400);
    expect(zendesk.requests.find((request) => request.route === 'update')?.status).toBe(200);
    expect((await answer).status).toBe(200);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(390);
    // Held once: the next update answers at once.
    const again = await fetch(`${zendesk.url}/api/v2/tickets/${ticket.id}.json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { safe_update: true, updated_stamp: '2020-01-01T00:00:00Z' } }),
    });
    expect(again.status).toBe(409);
    expect(zendesk.requests.filter((request) => request.route === 'update').map((request) => request.status)).toEqual([
      200, 409,
    ]);
  });

  it('redelivers a recorded event with its body and event id, signed anew', async () => {
    const { zendesk, hook } = await start();
    zendesk.createTicket({ subject: 'Refund', comment: { body: 'Please refund order 7.' } });
    await until(() => zendesk.deliveries[0]?.status === 202);
    const first = zendesk.deliveries[0]!;
    const again = await zendesk.redeliver(first.eventId);
    expect(again).toMatchObject({ eventId: first.eventId, body: first.body, status: 202, attempts: 1 });
    expect(zendesk.deliveries).toHaveLength(2);
    expect(hook.received.map((entry) => entry.signature)).toEqual([null, null]);
    expect(hook.received[1]!.event).toEqual(hook.received[0]!.event);
    await expect(zendesk.redeliver('no-such-event')).rejects.toThrow(RangeError);
  });

  it.each([
    [{}, 'ticket is required'],
    [{ ticket: { subject: 'No body' } }, 'comment.body is required'],
    [{ ticket: { comment: { body: 'x' }, priority: 'asap' } }, 'priority is invalid'],
  ])(
    'refuses a create without what Zendesk requires (%j) with 422 and announces nothing',
    async (body, description) => {
      const { zendesk } = await start();
      const response = await fetch(`${zendesk.url}/api/v2/tickets.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: 'RecordInvalid', description });
      expect(zendesk.tickets.size).toBe(0);
      expect(zendesk.deliveries).toEqual([]);
    },
  );
});
