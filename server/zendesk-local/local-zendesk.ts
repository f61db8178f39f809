import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signDelivery } from '../webhooks/index.ts';

/**
 * A local Zendesk speaking the subset of the Support API this backend uses, in the documented shapes (see
 * docs/decisions/2026-12-07-zendesk-api.md): the cursor-based Incremental Ticket Export, ticket create, show, comments,
 * ticket update with `additional_tags`, `remove_tags` and `safe_update`, and the groups list; a new ticket or comment is announced by
 * a webhook delivery signed as Zendesk signs them. The preview (`npm start`) runs one; tests and benches start their
 * own, whose knobs inject 429s with Retry-After, 5xx answers and conflicts.
 */

export interface FakeComment {
  readonly id: number;
  readonly body: string;
  readonly public: boolean;
  readonly author_id: number;
  readonly created_at: string;
}

export interface FakeTicket {
  id: number;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'deleted';
  priority: 'urgent' | 'high' | 'normal' | 'low' | null;
  type: 'problem' | 'incident' | 'question' | 'task' | null;
  tags: string[];
  requester_id: number;
  group_id: number | null;
  assignee_id: number | null;
  /** Custom field values; a dropdown's value is its chosen option's tag. */
  custom_fields?: { id: number; value: unknown }[];
  created_at: string;
  updated_at: string;
  comments: FakeComment[];
}

export type FakeRoute =
  | 'export'
  | 'create'
  | 'show'
  | 'comments'
  | 'update'
  | 'groups'
  | 'webhooks'
  | 'webhook-create'
  | 'webhook-update'
  | 'webhook-secret';

/** Where a delivery goes and the secret it is signed with. */
interface DeliveryTarget {
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

export interface FakeGroup {
  readonly id: number;
  readonly name: string;
  readonly default?: boolean;
  readonly deleted?: boolean;
}

export interface FakeRequest {
  readonly route: FakeRoute | 'unknown';
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly authorized: boolean;
  readonly body: unknown;
  /**
   * The status the fake answered, set once it decided (null before): an update with 200 was applied, even when its
   * answer is held and the caller never reads it.
   */
  status: number | null;
}

/**
 * An injected answer: `times` requests to the route (after `afterCalls` good ones) get it instead of the real one.
 * Without `status`, the real answer, `delayMs` late: the request is served at once (an update is applied) and only
 * its answer is held, as when Zendesk made a change whose answer the caller never got.
 */
export interface Injection {
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly times?: number;
  readonly afterCalls?: number;
  /** The answer comes this late (a hung Zendesk); closing the server drops it. */
  readonly delayMs?: number;
}

export interface FakeZendeskOptions {
  readonly tickets?: readonly Partial<FakeTicket>[];
  /** Export page size when the request gives no per_page (Zendesk's default is 1000). */
  readonly pageSize?: number;
  /** Accepted credentials; requests without them get 401 like Zendesk's. */
  readonly auth?: { readonly email: string; readonly apiToken: string } | { readonly accessToken: string };
  /**
   * Where new tickets and comments are announced (event-subscribed webhook, `zen:event-type:ticket.created` /
   * `…ticket.comment_added`), signed with `secret`. A function is read per delivery (a server that learns its port late).
   */
  readonly webhook?: { readonly url: string | (() => string); readonly secret: string };
  /** The id of the first ticket created (default 1, or one past the seeded ones). */
  readonly firstTicketId?: number;
  /**
   * Keep every request and delivery in `requests` / `deliveries` (default true, for tests). The preview's long-lived
   * local Zendesk reads neither, so it keeps none: they would grow for as long as `npm start` runs.
   */
  readonly record?: boolean;
  /** Called with each request as it arrives (benches time write-backs with it instead of polling). */
  readonly onRequest?: (request: FakeRequest) => void;
  /** The account's groups (`GET /api/v2/groups.json`, cursor pages with `page[size]`, else offset pages of 100). */
  readonly groups?: readonly FakeGroup[];
  /** Webhooks the account has already (e.g. one an app created); more come through `POST /api/v2/webhooks`. */
  readonly webhooks?: readonly (Partial<FakeWebhook> & Pick<FakeWebhook, 'name'>)[];
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

/** A new ticket as `POST /api/v2/tickets.json` takes it: `comment.body` becomes its description. */
export interface NewTicket {
  readonly subject: string;
  readonly comment: { readonly body: string };
  readonly tags?: readonly string[];
  readonly priority?: FakeTicket['priority'];
  readonly type?: FakeTicket['type'];
  readonly requester_id?: number;
  readonly group_id?: number | null;
}

export interface FakeZendesk {
  readonly url: string;
  readonly tickets: Map<number, FakeTicket>;
  readonly groups: FakeGroup[];
  /**
   * The account's webhooks by id. Every active one subscribed to an event type gets that event, signed with its own
   * secret, besides `options.webhook`.
   */
  readonly webhooks: Map<string, FakeWebhook>;
  readonly requests: FakeRequest[];
  /** Webhook deliveries so far, oldest first. */
  readonly deliveries: FakeDelivery[];
  /** Creates a ticket as the API's create does (and announces it), without an HTTP round trip. */
  createTicket(ticket: NewTicket): FakeTicket;
  inject(route: FakeRoute, injection: Injection): void;
  /**
   * Delivers a recorded event again (the same body and event id, signed anew), as Zendesk retries or an admin
   * replays one; resolves with the new delivery once it ended. Needs `record`.
   */
  redeliver(eventId: string): Promise<FakeDelivery>;
  /** Changes a ticket as an agent would: a new updated_at, so a stamp read before is stale. */
  touch(id: number, change?: Partial<FakeTicket>): void;
  close(): Promise<void>;
}

const BASE_TIME = Date.parse('2026-01-01T00:00:00Z');

/** A seeded ticket: ids from 1, an hour apart, fields filled with plain defaults. */
export function fakeTicket(index: number, fields: Partial<FakeTicket> = {}): FakeTicket {
  const id = fields.id ?? index + 1;
  const time = new Date(BASE_TIME + index * 3_600_000).toISOString().replace('.000Z', 'Z');
  const description = fields.description ?? `Description of ticket ${id}`;
  return {
    id,
    subject: `Ticket ${id}`,
    description,
    status: 'open',
    priority: null,
    type: null,
    tags: [],
    requester_id: 1,
    group_id: null,
    assignee_id: null,
    created_at: time,
    updated_at: time,
    comments: [{ id: id * 100, body: description, public: true, author_id: 1, created_at: time }],
    ...fields,
  };
}

export async function startFakeZendesk(options: FakeZendeskOptions = {}): Promise<FakeZendesk> {
  const tickets = new Map<number, FakeTicket>();
  (options.tickets ?? []).forEach((fields, index) => {
    const ticket = fakeTicket(index, fields);
    tickets.set(ticket.id, ticket);
  });
  const requests: FakeRequest[] = [];
  const deliveries: FakeDelivery[] = [];
  const record = options.record ?? true;
  const injections = new Map<FakeRoute, { injection: Injection; left: number; skip: number }[]>();
  const calls = new Map<FakeRoute, number>();
  const pageSize = options.pageSize ?? 1000;
  const groups = [...(options.groups ?? [])];
  const webhooks = new Map<string, FakeWebhook>();
  const targetOf = new WeakMap<FakeDelivery, DeliveryTarget>();
  for (const fields of options.webhooks ?? []) addWebhook(fields, fields.createdByApp ?? false);

  function addWebhook(fields: Partial<FakeWebhook>, createdByApp: boolean): FakeWebhook {
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
    webhooks.set(webhook.id, webhook);
    return webhook;
  }

  const authorized = (request: IncomingMessage): boolean => {
    if (!options.auth) return true;
    const header = request.headers.authorization ?? '';
    if ('accessToken' in options.auth) return header === `Bearer ${options.auth.accessToken}`;
    const expected = Buffer.from(`${options.auth.email}/token:${options.auth.apiToken}`).toString('base64');
    return header === `Basic ${expected}`;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => send(response, 500, { error: 'InternalError' }));
  });

  /** Answers one request: the status noted on what `requests` recorded, the answer sent after `holdMs`. */
  type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;
  const replier =
    (response: ServerResponse, seen: FakeRequest, holdMs: () => number): Reply =>
    (status, body, headers = {}) => {
      seen.status = status;
      const hold = holdMs();
      if (hold <= 0) return send(response, status, body, headers);
      setTimeout(() => {
        if (!response.destroyed) send(response, status, body, headers);
      }, hold).unref();
    };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    const ok = authorized(request);
    const seen: FakeRequest = {
      route: route?.route ?? 'unknown',
      method,
      url: request.url ?? '/',
      authorized: ok,
      body: parse(raw),
      status: null,
    };
    if (record) requests.push(seen);
    options.onRequest?.(seen);
    let holdMs = 0;
    const reply = replier(response, seen, () => holdMs);
    if (!ok) return reply(401, { error: "Couldn't authenticate you" });
    if (!route) return reply(404, { error: 'InvalidEndpoint', description: 'Not found' });

    const count = (calls.get(route.route) ?? 0) + 1;
    calls.set(route.route, count);
    const queue = injections.get(route.route) ?? [];
    const due = queue.find((entry) => entry.skip < count && entry.left > 0);
    if (due) {
      due.left--;
      holdMs = due.injection.delayMs ?? 0;
      const status = due.injection.status;
      if (status !== undefined) {
        const headers: Record<string, string> =
          due.injection.retryAfterSeconds === undefined
            ? {}
            : { 'retry-after': String(due.injection.retryAfterSeconds) };
        calls.set(route.route, count - 1);
        return reply(
          status,
          status === 429
            ? { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' }
            : { error: 'ServerError', description: 'Injected failure' },
          headers,
        );
      }
    }

    if (route.route === 'export') return exportPage(url, reply);
    if (route.route === 'create') {
      const fields = newTicketOf(parse(raw));
      if (typeof fields === 'string') return reply(422, { error: 'RecordInvalid', description: fields });
      return reply(201, { ticket: shown(createTicket(fields)) });
    }
    if (route.route === 'groups') return groupsPage(url, reply);
    if (route.route === 'webhooks' || route.route.startsWith('webhook-'))
      return webhookRoute(route, url, parse(raw), reply);
    const ticket = tickets.get(route.id!);
    if (!ticket || ticket.status === 'deleted')
      return reply(404, { error: 'RecordNotFound', description: 'Not found' });
    if (route.route === 'show') return reply(200, { ticket: shown(ticket) });
    if (route.route === 'comments')
      return reply(200, {
        comments: ticket.comments.map((comment) => ({ ...comment, type: 'Comment', plain_body: comment.body })),
        next_page: null,
        previous_page: null,
        count: ticket.comments.length,
      });
    return update(ticket, parse(raw), reply);
  }

  function exportPage(url: URL, reply: Reply): void {
    const size = Math.min(1000, Number(url.searchParams.get('per_page') ?? pageSize));
    // Plain comparisons, not localeCompare: ISO times sort as strings, and a 100k-ticket bench account pages quickly.
    const ordered = [...tickets.values()].sort((a, b) =>
      a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id - b.id,
    );
    // Like Zendesk's, a cursor names the last ticket exported (its update time and id), not a position: a ticket
    // changed after it comes again on the next run.
    const key = (ticket: FakeTicket) => `${ticket.updated_at}|${String(ticket.id).padStart(12, '0')}`;
    let after: string;
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null) {
      after = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!/^\d{4}-\d\d-\d\dT[\d:]+Z\|\d{12}$/.test(after) && after !== '')
        return reply(400, { error: 'InvalidPaginationParameter', description: 'cursor is invalid' });
    } else {
      const startTime = Number(url.searchParams.get('start_time'));
      if (!url.searchParams.has('start_time') || !Number.isInteger(startTime) || startTime < 0)
        return reply(400, { error: 'InvalidPaginationParameter', description: 'start_time is required' });
      after = '';
      ordered.splice(
        0,
        ordered.length,
        ...ordered.filter((ticket) => Date.parse(ticket.updated_at) / 1000 >= startTime),
      );
    }
    const rest = ordered.filter((ticket) => key(ticket) > after);
    const page = rest.slice(0, size);
    const last = page.at(-1);
    const afterCursor = last
      ? Buffer.from(key(last)).toString('base64url')
      : (cursor ?? Buffer.from('').toString('base64url'));
    const origin = `http://${url.host}`;
    reply(200, {
      tickets: page.map(shown),
      after_url: `${origin}/api/v2/incremental/tickets/cursor.json?cursor=${afterCursor}`,
      after_cursor: afterCursor,
      before_url: null,
      before_cursor: null,
      end_of_stream: rest.length <= size,
    });
  }

  function createTicket(fields: NewTicket): FakeTicket {
    const id = Math.max((options.firstTicketId ?? 1) - 1, ...tickets.keys()) + 1;
    const time = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const requester = fields.requester_id ?? 1;
    const ticket: FakeTicket = {
      id,
      subject: fields.subject,
      description: fields.comment.body,
      status: 'new',
      priority: fields.priority ?? null,
      type: fields.type ?? null,
      tags: [...new Set(fields.tags ?? [])],
      requester_id: requester,
      // New tickets land in the account's default group, as Zendesk's default routing puts them.
      group_id: fields.group_id ?? groups.find((group) => group.default === true)?.id ?? null,
      assignee_id: null,
      created_at: time,
      updated_at: time,
      comments: [{ id: id * 100, body: fields.comment.body, public: true, author_id: requester, created_at: time }],
    };
    tickets.set(id, ticket);
    announce('zen:event-type:ticket.created', ticket);
    return ticket;
  }

  /** Announces an event like Zendesk's webhooks: signed, after the change is stored, retried a few times on failure. */
  /** Where an event of `type` goes: the configured webhook, and every active webhook of the account subscribed to it. */
  function targetsOf(type: string): DeliveryTarget[] {
    const targets: DeliveryTarget[] = options.webhook ? [options.webhook] : [];
    for (const webhook of webhooks.values())
      if (webhook.status === 'active' && webhook.subscriptions.includes(type))
        targets.push({ url: webhook.endpoint, secret: webhook.signingSecret });
    return targets;
  }

  function announce(type: string, ticket: FakeTicket): void {
    const targets = targetsOf(type);
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
      void deliver({ eventId, type, ticketId: ticket.id, body, status: null, answer: undefined, attempts: 0 }, target);
  }

  /** Sends one delivery (signed anew at each attempt) until the endpoint takes it or the attempts run out. */
  async function deliver(delivery: FakeDelivery, webhook: DeliveryTarget | undefined): Promise<FakeDelivery> {
    if (!webhook) throw new Error('no webhook to deliver to');
    targetOf.set(delivery, webhook);
    if (record) deliveries.push(delivery);
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      delivery.attempts = attempt;
      const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      try {
        const url = typeof webhook.url === 'function' ? webhook.url() : webhook.url;
        const answer = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-zendesk-webhook-signature-timestamp': timestamp,
            'x-zendesk-webhook-signature': signDelivery(webhook.secret, timestamp, delivery.body),
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

  /** The Webhooks API subset: list (filter[name_contains]), create, update (204), show signing secret. */
  function webhookRoute(route: { route: FakeRoute; key?: string }, url: URL, body: unknown, reply: Reply): void {
    // Never the secret: Zendesk shows it on its own endpoint only.
    const view = (webhook: FakeWebhook) => ({
      id: webhook.id,
      name: webhook.name,
      endpoint: webhook.endpoint,
      status: webhook.status,
      subscriptions: webhook.subscriptions,
      http_method: webhook.http_method,
      request_format: webhook.request_format,
      created_at: new Date(BASE_TIME).toISOString(),
    });
    if (route.route === 'webhooks') {
      const contains = url.searchParams.get('filter[name_contains]') ?? '';
      const listed = [...webhooks.values()].filter((webhook) => webhook.name.includes(contains)).map(view);
      return reply(200, { webhooks: listed, meta: { has_more: false }, links: { next: null, prev: null } });
    }
    const spec = webhookSpecOf(body);
    if (route.route === 'webhook-create') {
      if (typeof spec === 'string') return reply(400, { error: 'InvalidWebhook', description: spec });
      return reply(201, { webhook: view(addWebhook(spec, false)) });
    }
    const webhook = webhooks.get(route.key ?? '');
    if (!webhook) return reply(404, { error: 'RecordNotFound', description: 'Not found' });
    if (route.route === 'webhook-secret') {
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

  /** Cursor pagination when `page[size]` is given (meta + links), offset pagination otherwise (next_page + count). */
  function groupsPage(url: URL, reply: Reply): void {
    const origin = `http://${url.host}`;
    const shownGroups = groups.map((group) => ({
      url: `${origin}/api/v2/groups/${group.id}.json`,
      default: false,
      deleted: false,
      is_public: true,
      ...group,
    }));
    const size = url.searchParams.get('page[size]');
    if (size !== null) {
      const limit = Number(size);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return reply(400, { error: 'InvalidPaginationParameter', description: 'page[size] is invalid' });
      const after = url.searchParams.get('page[after]');
      const start = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString('utf8'));
      const page = shownGroups.slice(start, start + limit);
      const hasMore = start + limit < shownGroups.length;
      const cursor = Buffer.from(String(start + limit)).toString('base64url');
      return reply(200, {
        groups: page,
        meta: { has_more: hasMore, after_cursor: hasMore ? cursor : null, before_cursor: null },
        links: {
          next: hasMore ? `${origin}/api/v2/groups.json?page[size]=${limit}&page[after]=${cursor}` : null,
          prev: null,
        },
      });
    }
    const number = Number(url.searchParams.get('page') ?? 1);
    const page = shownGroups.slice((number - 1) * 100, number * 100);
    reply(200, {
      groups: page,
      next_page: number * 100 < shownGroups.length ? `${origin}/api/v2/groups.json?page=${number + 1}` : null,
      previous_page: null,
      count: shownGroups.length,
    });
  }

  function update(ticket: FakeTicket, body: unknown, reply: Reply): void {
    const fields = (body as { ticket?: Record<string, unknown> } | undefined)?.ticket;
    if (!fields || typeof fields !== 'object')
      return reply(400, { error: 'InvalidParameter', description: 'ticket is required' });
    if (fields.safe_update === true && fields.updated_stamp !== ticket.updated_at)
      return reply(409, {
        error: 'UpdateConflict',
        description:
          'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
      });
    if (Array.isArray(fields.additional_tags))
      for (const tag of fields.additional_tags as string[]) if (!ticket.tags.includes(tag)) ticket.tags.push(tag);
    if (Array.isArray(fields.tags)) ticket.tags = [...(fields.tags as string[])];
    if (Array.isArray(fields.remove_tags)) {
      const removed = new Set(fields.remove_tags as string[]);
      ticket.tags = ticket.tags.filter((tag) => !removed.has(tag));
    }
    if (typeof fields.priority === 'string') ticket.priority = fields.priority as FakeTicket['priority'];
    if (typeof fields.type === 'string') ticket.type = fields.type as FakeTicket['type'];
    const comment = fields.comment as { body?: unknown; public?: unknown; author_id?: unknown } | undefined;
    const commented = typeof comment?.body === 'string' && comment.body.trim() !== '';
    if (commented)
      ticket.comments.push({
        id: ticket.id * 100 + ticket.comments.length,
        body: comment.body as string,
        public: comment.public !== false,
        author_id: typeof comment.author_id === 'number' ? comment.author_id : ticket.requester_id,
        created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      });
    if (typeof fields.group_id === 'number') ticket.group_id = fields.group_id;
    bump(ticket);
    reply(200, { ticket: shown(ticket) });
    if (commented) announce('zen:event-type:ticket.comment_added', ticket);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tickets,
    groups,
    webhooks,
    requests,
    deliveries,
    createTicket,
    inject(route, injection) {
      const queue = injections.get(route) ?? [];
      queue.push({ injection, left: injection.times ?? 1, skip: injection.afterCalls ?? 0 });
      injections.set(route, queue);
    },
    async redeliver(eventId) {
      const first = deliveries.find((delivery) => delivery.eventId === eventId);
      if (!first) throw new RangeError(`no recorded delivery of event ${eventId}`);
      return deliver({ ...first, status: null, answer: undefined, attempts: 0 }, targetOf.get(first));
    },
    touch(id, change = {}) {
      const ticket = tickets.get(id);
      if (!ticket) throw new RangeError(`no ticket ${id}`);
      Object.assign(ticket, change);
      bump(ticket);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const DELIVERY_ATTEMPTS = 3;
const DELIVERY_TIMEOUT_MS = 10_000;
const PRIORITIES = new Set(['urgent', 'high', 'normal', 'low']);
const TYPES = new Set(['problem', 'incident', 'question', 'task']);

/** The create request's ticket, or why it is not one (Zendesk answers 422 RecordInvalid). */
function newTicketOf(body: unknown): NewTicket | string {
  const fields = (body as { ticket?: Record<string, unknown> } | undefined)?.ticket;
  if (!fields || typeof fields !== 'object') return 'ticket is required';
  const comment = fields.comment as { body?: unknown } | undefined;
  if (typeof comment?.body !== 'string' || comment.body.trim() === '') return 'comment.body is required';
  if (fields.subject !== undefined && typeof fields.subject !== 'string') return 'subject must be a string';
  if (fields.priority !== undefined && !PRIORITIES.has(fields.priority as string)) return 'priority is invalid';
  if (fields.type !== undefined && !TYPES.has(fields.type as string)) return 'type is invalid';
  const tags = Array.isArray(fields.tags) ? fields.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  return {
    subject: fields.subject ?? '',
    comment: { body: comment.body },
    tags,
    ...(fields.priority === undefined ? {} : { priority: fields.priority as FakeTicket['priority'] }),
    ...(fields.type === undefined ? {} : { type: fields.type as FakeTicket['type'] }),
    ...(typeof fields.requester_id === 'number' ? { requester_id: fields.requester_id } : {}),
  };
}

function routeOf(method: string, path: string): { route: FakeRoute; id?: number; key?: string } | null {
  if (method === 'GET' && path === '/api/v2/webhooks') return { route: 'webhooks' };
  if (method === 'POST' && path === '/api/v2/webhooks') return { route: 'webhook-create' };
  const webhook = /^\/api\/v2\/webhooks\/([A-Za-z0-9]+)(\/signing_secret)?$/.exec(path);
  if (webhook && method === 'PUT' && !webhook[2]) return { route: 'webhook-update', key: webhook[1]! };
  if (webhook && method === 'GET' && webhook[2]) return { route: 'webhook-secret', key: webhook[1]! };
  if (method === 'GET' && path === '/api/v2/incremental/tickets/cursor.json') return { route: 'export' };
  if (method === 'POST' && path === '/api/v2/tickets.json') return { route: 'create' };
  if (method === 'GET' && path === '/api/v2/groups.json') return { route: 'groups' };
  const show = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(path);
  if (show && method === 'GET') return { route: 'show', id: Number(show[1]) };
  if (show && method === 'PUT') return { route: 'update', id: Number(show[1]) };
  const comments = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(path);
  if (comments && method === 'GET') return { route: 'comments', id: Number(comments[1]) };
  return null;
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

/** A ticket as Zendesk shows it: its own fields, without the fake's comment list. */
function shown(ticket: FakeTicket): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    url: `/api/v2/tickets/${ticket.id}.json`,
    ...ticket,
    tags: [...ticket.tags],
  };
  delete fields.comments;
  return fields;
}

/** Zendesk's updated_at has whole seconds: a change moves it at least one second on. */
function bump(ticket: FakeTicket): void {
  const next = Math.max(Date.now(), Date.parse(ticket.updated_at) + 1000);
  ticket.updated_at = new Date(Math.floor(next / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function parse(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
