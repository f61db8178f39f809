import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportPage, groupsPage, type FakeGroup } from './pages.ts';
import { parse, send, type Reply } from './reply.ts';
import { WebhookHub, type FakeDelivery, type FakeWebhook, type WebhookRoute } from './webhooks.ts';

export type { FakeDelivery, FakeGroup, FakeWebhook };

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

export type FakeRoute = 'export' | 'create' | 'show' | 'comments' | 'update' | 'groups' | WebhookRoute;

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
  const record = options.record ?? true;
  const hub = new WebhookHub(options.webhook, record);
  const injections = new Map<FakeRoute, { injection: Injection; left: number; skip: number }[]>();
  const calls = new Map<FakeRoute, number>();
  const pageSize = options.pageSize ?? 1000;
  const groups = [...(options.groups ?? [])];
  for (const fields of options.webhooks ?? []) hub.add(fields, fields.createdByApp ?? false);

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

    if (route.route === 'export') return exportPage(tickets.values(), shown, pageSize, url, reply);
    if (route.route === 'create') {
      const fields = newTicketOf(parse(raw));
      if (typeof fields === 'string') return reply(422, { error: 'RecordInvalid', description: fields });
      return reply(201, { ticket: shown(createTicket(fields)) });
    }
    if (route.route === 'groups') return groupsPage(groups, url, reply);
    if (isWebhookRoute(route.route)) return hub.route(route.route, route.key, url, parse(raw), reply);
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
    hub.announce('zen:event-type:ticket.created', ticket);
    return ticket;
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
    if (commented) hub.announce('zen:event-type:ticket.comment_added', ticket);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tickets,
    groups,
    webhooks: hub.webhooks,
    requests,
    deliveries: hub.deliveries,
    createTicket,
    inject(route, injection) {
      const queue = injections.get(route) ?? [];
      queue.push({ injection, left: injection.times ?? 1, skip: injection.afterCalls ?? 0 });
      injections.set(route, queue);
    },
    redeliver: (eventId) => hub.redeliver(eventId),
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

const WEBHOOK_ROUTES: ReadonlySet<string> = new Set<WebhookRoute>([
  'webhooks',
  'webhook-create',
  'webhook-update',
  'webhook-secret',
]);

function isWebhookRoute(route: FakeRoute): route is WebhookRoute {
  return WEBHOOK_ROUTES.has(route);
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
