import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Zendesk speaking the subset of the Support API this backend uses, in the documented shapes (see
 * docs/decisions/2026-12-07-zendesk-api.md): the cursor-based Incremental Ticket Export, ticket show, comments, and
 * ticket update with `additional_tags` and `safe_update`. Knobs inject 429s with Retry-After, 5xx answers and conflicts.
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
  /** The requester's user id; the description's comment is theirs. */
  requester_id: number;
  created_at: string;
  updated_at: string;
  comments: FakeComment[];
}

export type FakeRoute = 'export' | 'show' | 'comments' | 'update';

export interface FakeRequest {
  readonly route: FakeRoute | 'unknown';
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly authorized: boolean;
  readonly body: unknown;
}

/** An injected answer: `times` requests to the route (after `afterCalls` good ones) get it instead of the real one. */
export interface Injection {
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly times?: number;
  readonly afterCalls?: number;
}

export interface FakeZendeskOptions {
  readonly tickets?: readonly Partial<FakeTicket>[];
  /** Export page size when the request gives no per_page (Zendesk's default is 1000). */
  readonly pageSize?: number;
  /** Accepted credentials; requests without them get 401 like Zendesk's. */
  readonly auth?: { readonly email: string; readonly apiToken: string } | { readonly accessToken: string };
}

export interface FakeZendesk {
  readonly url: string;
  readonly tickets: Map<number, FakeTicket>;
  readonly requests: FakeRequest[];
  inject(route: FakeRoute, injection: Injection): void;
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
  const injections = new Map<FakeRoute, { injection: Injection; left: number; skip: number }[]>();
  const calls = new Map<FakeRoute, number>();
  const pageSize = options.pageSize ?? 1000;

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

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    const ok = authorized(request);
    requests.push({
      route: route?.route ?? 'unknown',
      method,
      url: request.url ?? '/',
      authorized: ok,
      body: parse(raw),
    });
    if (!ok) return send(response, 401, { error: "Couldn't authenticate you" });
    if (!route) return send(response, 404, { error: 'InvalidEndpoint', description: 'Not found' });

    const count = (calls.get(route.route) ?? 0) + 1;
    calls.set(route.route, count);
    const queue = injections.get(route.route) ?? [];
    const due = queue.find((entry) => entry.skip < count && entry.left > 0);
    if (due) {
      due.left--;
      const headers: Record<string, string> =
        due.injection.retryAfterSeconds === undefined ? {} : { 'retry-after': String(due.injection.retryAfterSeconds) };
      calls.set(route.route, count - 1);
      return send(
        response,
        due.injection.status,
        due.injection.status === 429
          ? { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' }
          : { error: 'ServerError', description: 'Injected failure' },
        headers,
      );
    }

    if (route.route === 'export') return exportPage(url, response);
    const ticket = tickets.get(route.id!);
    if (!ticket || ticket.status === 'deleted')
      return send(response, 404, { error: 'RecordNotFound', description: 'Not found' });
    if (route.route === 'show') return send(response, 200, { ticket: shown(ticket) });
    if (route.route === 'comments')
      return send(response, 200, {
        comments: ticket.comments.map((comment) => ({ ...comment, type: 'Comment', plain_body: comment.body })),
        next_page: null,
        previous_page: null,
        count: ticket.comments.length,
      });
    return update(ticket, parse(raw), response);
  }

  function exportPage(url: URL, response: ServerResponse): void {
    const size = Math.min(1000, Number(url.searchParams.get('per_page') ?? pageSize));
    const ordered = [...tickets.values()].sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
    // Like Zendesk's, a cursor names the last ticket exported (its update time and id), not a position: a ticket
    // changed after it comes again on the next run.
    const key = (ticket: FakeTicket) => `${ticket.updated_at}|${String(ticket.id).padStart(12, '0')}`;
    let after: string;
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null) {
      after = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!/^\d{4}-\d\d-\d\dT[\d:]+Z\|\d{12}$/.test(after) && after !== '')
        return send(response, 400, { error: 'InvalidPaginationParameter', description: 'cursor is invalid' });
    } else {
      const startTime = Number(url.searchParams.get('start_time'));
      if (!url.searchParams.has('start_time') || !Number.isInteger(startTime) || startTime < 0)
        return send(response, 400, { error: 'InvalidPaginationParameter', description: 'start_time is required' });
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
    send(response, 200, {
      tickets: page.map(shown),
      after_url: `${origin}/api/v2/incremental/tickets/cursor.json?cursor=${afterCursor}`,
      after_cursor: afterCursor,
      before_url: null,
      before_cursor: null,
      end_of_stream: rest.length <= size,
    });
  }

  function update(ticket: FakeTicket, body: unknown, response: ServerResponse): void {
    const fields = (body as { ticket?: Record<string, unknown> } | undefined)?.ticket;
    if (!fields || typeof fields !== 'object')
      return send(response, 400, { error: 'InvalidParameter', description: 'ticket is required' });
    if (fields.safe_update === true && fields.updated_stamp !== ticket.updated_at)
      return send(response, 409, {
        error: 'UpdateConflict',
        description:
          'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
      });
    if (Array.isArray(fields.additional_tags))
      for (const tag of fields.additional_tags as string[]) if (!ticket.tags.includes(tag)) ticket.tags.push(tag);
    if (Array.isArray(fields.tags)) ticket.tags = [...(fields.tags as string[])];
    if (typeof fields.priority === 'string') ticket.priority = fields.priority as FakeTicket['priority'];
    if (typeof fields.type === 'string') ticket.type = fields.type as FakeTicket['type'];
    bump(ticket);
    send(response, 200, { ticket: shown(ticket) });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tickets,
    requests,
    inject(route, injection) {
      const queue = injections.get(route) ?? [];
      queue.push({ injection, left: injection.times ?? 1, skip: injection.afterCalls ?? 0 });
      injections.set(route, queue);
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

function routeOf(method: string, path: string): { route: FakeRoute; id?: number } | null {
  if (method === 'GET' && path === '/api/v2/incremental/tickets/cursor.json') return { route: 'export' };
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
