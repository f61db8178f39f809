import { randomUUID } from 'node:crypto';
import { signDelivery } from '../webhooks/index.ts';
import { parse, type Reply } from './reply.ts';

/**
 * The local Zendesk's webhooks: the Webhooks API subset the backend uses (list by name, create, update, show the
 * signing secret) and event deliveries signed as Zendesk signs them, retried a few times on failure.
 */

/** Where a delivery goes and the secret it is signed with. */
export interface DeliveryTarget {
  /** A function is read per delivery (a server that learns its port late). */
  readonly url: string | (() => string);
  readonly secret: string;
}

/** A webhook of the account (Webhooks API); `createdByApp` ones (an app's requirements) keep their secret hidden. */
export interface FakeWebhook {
  readonly id: string;
  name: string;
  endpoint: string;
  status: 'active' | 'inactive';
  subscriptions: string[];
  http_method: string;
  request_format: string;
  readonly signingSecret: string;
  readonly createdByApp: boolean;
}

/** One webhook delivery and how it ended: the status the endpoint answered, or null when it could not be reached. */
export interface FakeDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly ticketId: number;
  /** The JSON body sent (the same for every attempt and redelivery of the event). */
  readonly body: string;
  status: number | null;
  /** The endpoint's answer, parsed as JSON (undefined when it sent none or no JSON). */
  answer: unknown;
  attempts: number;
}

/** The Webhooks API routes, as the local Zendesk's router names them. */
export type WebhookRoute = 'webhooks' | 'webhook-create' | 'webhook-update' | 'webhook-secret';

/** What an event says of its ticket. */
export interface AnnouncedTicket {
  readonly id: number;
  readonly subject: string;
  readonly status: string;
}

const DELIVERY_ATTEMPTS = 3;
const DELIVERY_TIMEOUT_MS = 10_000;
/** Every local webhook reads as made at the local account's epoch. */
const CREATED_AT = '2026-01-01T00:00:00.000Z';

export class WebhookHub {
  /** The account's webhooks by id. */
  readonly webhooks = new Map<string, FakeWebhook>();
  /** Deliveries so far, oldest first (only when recording). */
  readonly deliveries: FakeDelivery[] = [];
  readonly #targetOf = new WeakMap<FakeDelivery, DeliveryTarget>();
  readonly #configured: DeliveryTarget | undefined;
  readonly #record: boolean;

  /**
   * `configured`: a target every event goes to besides the account's webhooks (the preview's backend). `record`:
   * keep every delivery (tests); the preview's long-lived local Zendesk keeps none.
   */
  constructor(configured: DeliveryTarget | undefined, record: boolean) {
    this.#configured = configured;
    this.#record = record;
  }

  add(fields: Partial<FakeWebhook>, createdByApp: boolean): FakeWebhook {
    const webhook: FakeWebhook = {
      id: fields.id ?? `01${randomUUID().replaceAll('-', '').slice(0, 24).toUpperCase()}`,
      name: fields.name ?? 'webhook',
      endpoint: fields.endpoint ?? 'https://example.invalid/',
      status: fields.status ?? 'active',
      subscriptions: [...(fields.subscriptions ?? [])],
      http_method: fields.http_method ?? 'POST',
      request_format: fields.request_format ?? 'json',
      signingSecret: fields.signingSecret ?? randomUUID().replaceAll('-', ''),
      createdByApp,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  /** Announces an event like Zendesk's webhooks: signed, after the change is stored, to every target subscribed. */
  announce(type: string, ticket: AnnouncedTicket): void {
    const targets = this.#targetsOf(type);
    if (targets.length === 0) return;
    const eventId = randomUUID();
    const body = JSON.stringify({
      type,
      account_id: 1,
      id: eventId,
      time: new Date().toISOString(),
      zendesk_event_version: '2022-11-06',
      subject: `zen:ticket:${ticket.id}`,
      detail: { id: String(ticket.id), subject: ticket.subject, status: ticket.status.toUpperCase() },
    });
    for (const target of targets)
      void this.#deliver(
        { eventId, type, ticketId: ticket.id, body, status: null, answer: undefined, attempts: 0 },
        target,
      );
  }

  /** Delivers a recorded event again (same body and event id, signed anew); resolves once the delivery ended. */
  async redeliver(eventId: string): Promise<FakeDelivery> {
    const first = this.deliveries.find((delivery) => delivery.eventId === eventId);
    if (!first) throw new RangeError(`no recorded delivery of event ${eventId}`);
    return this.#deliver({ ...first, status: null, answer: undefined, attempts: 0 }, this.#targetOf.get(first));
  }

  /** The Webhooks API subset: list (filter[name_contains]), create, update (204), show signing secret. */
  route(route: WebhookRoute, key: string | undefined, url: URL, body: unknown, reply: Reply): void {
    if (route === 'webhooks') {
      const contains = url.searchParams.get('filter[name_contains]') ?? '';
      const listed = [...this.webhooks.values()].filter((webhook) => webhook.name.includes(contains)).map(view);
      return reply(200, { webhooks: listed, meta: { has_more: false }, links: { next: null, prev: null } });
    }
    const spec = webhookSpecOf(body);
    if (route === 'webhook-create') {
      if (typeof spec === 'string') return reply(400, { error: 'InvalidWebhook', description: spec });
      return reply(201, { webhook: view(this.add(spec, false)) });
    }
    const webhook = this.webhooks.get(key ?? '');
    if (!webhook) return reply(404, { error: 'RecordNotFound', description: 'Not found' });
    if (route === 'webhook-secret') {
      if (webhook.createdByApp)
        return reply(403, {
          error: 'Forbidden',
          description: 'Cannot reveal the secret of a webhook created by an app',
        });
      return reply(200, { signing_secret: { algorithm: 'SHA256', secret: webhook.signingSecret } });
    }
    if (typeof spec === 'string') return reply(400, { error: 'InvalidWebhook', description: spec });
    Object.assign(webhook, spec);
    return reply(204, '');
  }

  /** Where an event of `type` goes: the configured target, and every active webhook subscribed to it. */
  #targetsOf(type: string): DeliveryTarget[] {
    const targets: DeliveryTarget[] = this.#configured ? [this.#configured] : [];
    for (const webhook of this.webhooks.values())
      if (webhook.status === 'active' && webhook.subscriptions.includes(type))
        targets.push({ url: webhook.endpoint, secret: webhook.signingSecret });
    return targets;
  }

  /** Sends one delivery (signed anew at each attempt) until the endpoint takes it or the attempts run out. */
  async #deliver(delivery: FakeDelivery, target: DeliveryTarget | undefined): Promise<FakeDelivery> {
    if (!target) throw new Error('no webhook to deliver to');
    this.#targetOf.set(delivery, target);
    if (this.#record) this.deliveries.push(delivery);
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      delivery.attempts = attempt;
      const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      try {
        const url = typeof target.url === 'function' ? target.url() : target.url;
        const answer = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-zendesk-webhook-signature-timestamp': timestamp,
            'x-zendesk-webhook-signature': signDelivery(target.secret, timestamp, delivery.body),
          },
          body: delivery.body,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        delivery.answer = parse(await answer.text());
        delivery.status = answer.status;
        if (answer.ok || (answer.status < 500 && answer.status !== 429)) return delivery;
      } catch {
        delivery.status = null;
      }
      if (attempt < DELIVERY_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, attempt * 500));
    }
    return delivery;
  }
}

/** A webhook as the API shows it: never the secret (Zendesk shows that on its own endpoint only). */
function view(webhook: FakeWebhook): Record<string, unknown> {
  return {
    id: webhook.id,
    name: webhook.name,
    endpoint: webhook.endpoint,
    status: webhook.status,
    subscriptions: webhook.subscriptions,
    http_method: webhook.http_method,
    request_format: webhook.request_format,
    created_at: CREATED_AT,
  };
}

/** A webhook create or update body as the Webhooks API takes it, or why not. */
function webhookSpecOf(body: unknown): Omit<FakeWebhook, 'id' | 'signingSecret' | 'createdByApp'> | string {
  const webhook = (body as { webhook?: Record<string, unknown> } | null)?.webhook;
  if (!webhook || typeof webhook !== 'object') return 'webhook is required';
  const { name, endpoint, status, subscriptions, http_method, request_format } = webhook;
  if (typeof name !== 'string' || name === '') return 'name is required';
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) return 'endpoint must be a URL';
  if (status !== 'active' && status !== 'inactive') return 'status must be active or inactive';
  if (typeof http_method !== 'string' || typeof request_format !== 'string')
    return 'http_method and request_format are required';
  if (!Array.isArray(subscriptions) || !subscriptions.every((entry) => typeof entry === 'string'))
    return 'subscriptions must be a list of event types';
  return { name, endpoint, status, subscriptions, http_method, request_format };
}
