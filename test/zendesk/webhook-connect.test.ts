import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSignature } from '../../server/webhooks/index.ts';
import {
  connectWebhook,
  TICKET_EVENT_TYPES,
  TRIAGE_WEBHOOK_NAME,
  WebhookSecretHiddenError,
  ZendeskApiError,
} from '../../server/zendesk/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';

const auth = { email: 'admin@example.com', apiToken: 'secret-token' };
let fake: FakeZendesk | null = null;
let endpoint: Server | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
  if (endpoint) await new Promise((resolve) => endpoint!.close(resolve));
  endpoint = null;
});

const connection = (url: string) => ({ url, auth: { kind: 'api-token' as const, ...auth } });

/** A backend stand-in that records what reaches it. */
async function receiver(): Promise<{ url: string; received: { headers: Record<string, string>; body: Buffer }[] }> {
  const received: { headers: Record<string, string>; body: Buffer }[] = [];
  endpoint = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks) });
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  await new Promise<void>((resolve) => endpoint!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/v1/webhooks/zendesk`, received };
}

describe('connectWebhook: the backend sets up its own Zendesk webhook through the Webhooks API', () => {
  it('creates an active webhook for new tickets and comments whose deliveries verify with the secret it read', async () => {
    fake = await startFakeZendesk({ auth });
    const backend = await receiver();
    const connected = await connectWebhook(connection(fake.url), backend.url);
    expect(connected).toMatchObject({ endpoint: backend.url, created: true });
    const webhook = fake.webhooks.get(connected.webhookId)!;
    expect(webhook).toMatchObject({
      name: TRIAGE_WEBHOOK_NAME,
      endpoint: backend.url,
      status: 'active',
      http_method: 'POST',
      request_format: 'json',
      subscriptions: [...TICKET_EVENT_TYPES],
    });
    expect(connected.signingSecret).toBe(webhook.signingSecret);

    const ticket = fake.createTicket({ subject: 'Refund', comment: { body: 'Please refund my order.' } });
    await expect.poll(() => backend.received.length).toBe(1);
    const [delivery] = backend.received;
    const genuine = checkSignature(
      connected.signingSecret,
      {
        signature: delivery!.headers['x-zendesk-webhook-signature'],
        timestamp: delivery!.headers['x-zendesk-webhook-signature-timestamp'],
        body: delivery!.body,
      },
      new Date(),
    );
    expect(genuine).toBeNull();
    expect(JSON.parse(delivery!.body.toString('utf8'))).toMatchObject({
      type: 'zen:event-type:ticket.created',
      detail: { id: String(ticket.id) },
    });
  });

  it('updates the same webhook when connected again (a new address, switched back on), never a second one', async () => {
    fake = await startFakeZendesk({ auth });
    const first = await connectWebhook(connection(fake.url), 'https://old.example.com/v1/webhooks/zendesk');
    fake.webhooks.get(first.webhookId)!.status = 'inactive'; // an admin switched it off, or an app update did
    const again = await connectWebhook(connection(fake.url), 'https://triage.example.com/v1/webhooks/zendesk/acme');
    expect(again).toMatchObject({ webhookId: first.webhookId, created: false, signingSecret: first.signingSecret });
    expect([...fake.webhooks.values()]).toEqual([
      expect.objectContaining({ endpoint: 'https://triage.example.com/v1/webhooks/zendesk/acme', status: 'active' }),
    ]);
    expect(fake.requests.filter((request) => request.route === 'webhook-update')).toHaveLength(1);
  });

  it('says plainly when Zendesk hides the secret of a webhook an app created under that name', async () => {
    fake = await startFakeZendesk({ auth, webhooks: [{ name: TRIAGE_WEBHOOK_NAME, createdByApp: true }] });
    const failure = await connectWebhook(connection(fake.url), 'https://triage.example.com/v1/webhooks/zendesk').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WebhookSecretHiddenError);
    expect(failure).toMatchObject({ code: 'ZENDESK_WEBHOOK_SECRET_HIDDEN' });
  });

  it('fails with the API error when the credentials are refused, creating nothing', async () => {
    fake = await startFakeZendesk({ auth });
    const wrong = { url: fake.url, auth: { kind: 'api-token' as const, email: auth.email, apiToken: 'nope' } };
    await expect(connectWebhook(wrong, 'https://triage.example.com/')).rejects.toMatchObject({
      constructor: ZendeskApiError,
      status: 401,
    });
    expect(fake.webhooks.size).toBe(0);
  });
});
