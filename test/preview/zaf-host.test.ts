import { describe, expect, it } from 'vitest';
import type { ZafProxyResponse, ZafRequestOptions } from '../../src/preview-host/index.ts';
import { createZafHost, type HostTicket, type OutgoingMessage } from '../../app/preview/index.ts';

const APP_ORIGIN = 'http://127.0.0.1:4000';
const APP_GUID = 'app-guid-1';

const TICKET: HostTicket = {
  id: 100001,
  subject: 'Cannot log in',
  description: 'Hello, I cannot log in since <Monday> & it hurts.',
  status: 'open',
  priority: null,
  type: null,
  tags: ['vip'],
  requester: { id: 11, name: 'Ana Silva', email: 'ana@example.com' },
  assignee: { id: 2, name: 'Agent Smith', email: 'agent@example.com' },
  comments: [
    {
      id: 2,
      author: { id: 2, name: 'Agent Smith', email: 'agent@example.com', role: 'agent' },
      body: 'We are on it.',
      public: true,
      createdAt: '2026-11-20T10:00:00.000Z',
    },
  ],
  locale: 'en',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
};

function setup(
  proxy: (options: ZafRequestOptions) => Promise<ZafProxyResponse> = async () => ({
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
  }),
  where: { location?: 'ticket_sidebar' | 'nav_bar'; ticket?: HostTicket | null } = {},
) {
  const sent: OutgoingMessage[] = [];
  const routes: string[] = [];
  const proxied: ZafRequestOptions[] = [];
  const changes: HostTicket[] = [];
  const host = createZafHost({
    appGuid: APP_GUID,
    appOrigin: APP_ORIGIN,
    ...(where.location ? { location: where.location } : {}),
    ticket: where.ticket === undefined ? TICKET : where.ticket,
    proxy: (options) => {
      proxied.push(options);
      return proxy(options);
    },
    send: (message) => sent.push(message),
    settings: { backend_url: 'http://127.0.0.1:3000' },
    subdomain: 'preview',
    currentUser: { id: 2, name: 'Agent Smith', email: 'agent@example.com', locale: 'en' },
    onRoute: (target, id) => routes.push(`${target}/${id}`),
    onTicketChange: (ticket) => changes.push(ticket),
  });
  /** Posts exactly what the SDK posts: a JSON string with appGuid and instanceGuid. */
  const post = (payload: Record<string, unknown>, origin = APP_ORIGIN) =>
    host.receive({ origin, data: JSON.stringify({ ...payload, appGuid: APP_GUID, instanceGuid: APP_GUID }) });
  const handshake = () => post({ key: 'iframe.handshake', message: { version: '2.0.9' } });
  const call = async (request: 'get' | 'set' | 'invoke', params: unknown, id = 1) => {
    await post({ id, request, params });
    const reply = sent.at(-1);
    if (!reply || !('id' in reply) || reply.id !== id) throw new Error(`no reply to call ${id}`);
    return reply.result;
  };
  return { host, sent, routes, proxied, changes, post, handshake, call };
}

describe('ZAF host handshake', () => {
  it('answers the handshake with app.registered carrying metadata (non-secure settings only) and context', async () => {
    const { sent, handshake, host } = setup();
    await handshake();
    expect(host.registered).toBe(true);
    expect(sent).toHaveLength(1);
    const registered = sent[0] as {
      key: string;
      message: { metadata: { settings: Record<string, string> }; context: Record<string, unknown> };
    };
    expect(registered.key).toBe('zaf.app.registered');
    expect(registered.message.metadata.settings.backend_url).toBe('http://127.0.0.1:3000');
    expect(registered.message.metadata.settings).not.toHaveProperty('shared_secret');
    expect(registered.message.context).toMatchObject({
      host: 'zendesk',
      product: 'support',
      location: 'ticket_sidebar',
      ticketId: 100001,
      account: { subdomain: 'preview' },
    });
  });

  it('ignores messages from another origin, another app, or that are not ZAF messages', async () => {
    const { sent, post, host } = setup();
    await post({ key: 'iframe.handshake', message: {} }, 'http://evil.example');
    await host.receive({ origin: APP_ORIGIN, data: JSON.stringify({ key: 'iframe.handshake', appGuid: 'other-app' }) });
    await host.receive({ origin: APP_ORIGIN, data: '{not json' });
    await host.receive({ origin: APP_ORIGIN, data: { hello: 'world' } });
    expect(sent).toEqual([]);
    expect(host.registered).toBe(false);
  });

  it('does not answer calls before the app has registered', async () => {
    const { sent, post } = setup();
    await post({ id: 1, request: 'get', params: ['ticket.subject'] });
    expect(sent).toEqual([]);
  });
});

describe('ZAF host get', () => {
  it('answers a bulk get by id with each path and an empty errors object', async () => {
    const { handshake, call } = setup();
    await handshake();
    const result = await call(
      'get',
      ['ticket.subject', 'ticket.id', 'ticket.tags', 'ticket.requester.email', 'currentUser.locale', 'ticket.priority'],
      7,
    );
    expect(result).toEqual({
      'ticket.subject': 'Cannot log in',
      'ticket.id': 100001,
      'ticket.tags': ['vip'],
      'ticket.requester.email': 'ana@example.com',
      'currentUser.locale': 'en',
      'ticket.priority': '-',
      errors: {},
    });
  });

  it('returns the conversation with the description first, as HTML-escaped paragraphs, and comments with values', async () => {
    const { handshake, call } = setup();
    await handshake();
    const result = await call('get', ['ticket.conversation', 'ticket.comments']);
    const conversation = result['ticket.conversation'] as { author: { role: string }; message: { content: string } }[];
    expect(conversation.map((item) => item.author.role)).toEqual(['end-user', 'agent']);
    expect(conversation[0]?.message.content).toBe(
      '<p>Hello, I cannot log in since &#60;Monday&#62; &#38; it hurts.</p>',
    );
    const comments = result['ticket.comments'] as { value: string }[];
    expect(comments[1]?.value).toBe('<p>We are on it.</p>');
  });

  it('reports an unknown path in errors[path] so the SDK rejects a single get', async () => {
    const { handshake, call } = setup();
    await handshake();
    const result = await call('get', ['ticket.customField:custom_field_1']);
    expect(result.errors['ticket.customField:custom_field_1']).toMatchObject({
      name: 'APIUnavailable',
      path: 'ticket.customField:custom_field_1',
    });
  });
});

describe('ZAF host set and invoke', () => {
  it('sets priority and type, changes the host ticket and fires the change event to subscribers only', async () => {
    const { handshake, call, post, sent, host, changes } = setup();
    await handshake();
    await post({ key: 'iframe.on:ticket.priority.changed', message: { subscriberCount: 1 } });
    const result = await call('set', { 'ticket.priority': 'urgent', 'ticket.type': 'incident' });
    expect(result).toEqual({ 'ticket.priority': 'urgent', 'ticket.type': 'incident', errors: {} });
    expect(host.ticket?.priority).toBe('urgent');
    expect(host.ticket?.type).toBe('incident');
    expect(changes.at(-1)?.priority).toBe('urgent');
    const events = sent.filter((message) => 'key' in message).map((message) => ('key' in message ? message.key : ''));
    expect(events).toEqual(['zaf.app.registered', 'zaf.ticket.priority.changed']);
  });

  it('rejects a priority Zendesk does not have, leaving the ticket unchanged', async () => {
    const { handshake, call, host } = setup();
    await handshake();
    const result = await call('set', { 'ticket.priority': 'critical' });
    expect(result.errors['ticket.priority']).toMatchObject({ name: 'InvalidValueError' });
    expect(host.ticket?.priority).toBeNull();
  });

  it('adds tags without replacing the agent’s own, and removes tags', async () => {
    const { handshake, call, host } = setup();
    await handshake();
    // client.invoke('ticket.tags.add', ['outage', 'vip']) arrives as { 'ticket.tags.add': [['outage', 'vip']] }.
    expect(await call('invoke', { 'ticket.tags.add': [['outage', 'vip']] })).toEqual({
      'ticket.tags.add': null,
      errors: {},
    });
    expect(host.ticket?.tags).toEqual(['vip', 'outage']);
    await call('invoke', { 'ticket.tags.remove': ['vip'] }, 2);
    expect(host.ticket?.tags).toEqual(['outage']);
  });

  it('routes to another ticket through the host', async () => {
    const { handshake, call, routes } = setup();
    await handshake();
    await call('invoke', { routeTo: ['ticket', 'demo-0042'] });
    expect(routes).toEqual(['ticket/demo-0042']);
  });

  it('reports an action the preview does not support instead of ignoring it', async () => {
    const { handshake, call } = setup();
    await handshake();
    const result = await call('invoke', { 'ticket.save': [] });
    expect(result.errors['ticket.save']).toMatchObject({ name: 'APIUnavailable' });
  });
});

describe('ZAF host events', () => {
  it('fires ticket.conversation.changed with the new conversation when a comment is added, after iframe.on', async () => {
    const { handshake, post, host, sent } = setup();
    await handshake();
    expect(host.fire('ticket.conversation.changed')).toBe(false);
    await post({ key: 'iframe.on:ticket.conversation.changed', message: { subscriberCount: 1 } });
    host.addComment({
      author: { ...TICKET.requester, role: 'end-user' },
      body: 'Still broken!',
      public: true,
      createdAt: '2026-11-21T08:00:00.000Z',
    });
    const event = sent.at(-1) as { key: string; message: { message: { content: string } }[] };
    expect(event.key).toBe('zaf.ticket.conversation.changed');
    expect(event.message.map((item) => item.message.content).at(-1)).toBe('<p>Still broken!</p>');
    expect(host.ticket?.comments.at(-1)?.id).toBe(3);
  });

  it('stops firing after iframe.off brings the subscriber count to zero', async () => {
    const { handshake, post, host } = setup();
    await handshake();
    await post({ key: 'iframe.on:ticket.tags.changed', message: { subscriberCount: 1 } });
    expect(host.fire('ticket.tags.changed', [])).toBe(true);
    await post({ key: 'iframe.off:ticket.tags.changed', message: { subscriberCount: 0 } });
    expect(host.fire('ticket.tags.changed', [])).toBe(false);
  });

  it('ignores SDK telemetry (__track__) without replying', async () => {
    const { handshake, post, sent } = setup();
    await handshake();
    await post({ key: '__track__', message: { event_name: 'invalid_sdk_origin' } });
    expect(sent).toHaveLength(1);
  });
});

describe('ZAF host request', () => {
  it('forwards request options untouched to the proxy and resolves .done with jQuery success args', async () => {
    const { handshake, post, proxied, sent } = setup();
    await handshake();
    const options = {
      url: '{{setting.backend_url}}/v1/taxonomy',
      type: 'GET',
      secure: true,
      headers: { Authorization: 'Bearer {{jwt.token}}' },
    };
    await post({ key: 'request:1', message: options });
    expect(proxied).toEqual([options]);
    expect(sent.at(-1)).toEqual({
      key: 'zaf.request:1.done',
      message: { responseArgs: [{ ok: true }, 'success', expect.objectContaining({ status: 200 })] },
    });
  });

  it('resolves with the complete response when httpCompleteResponse is set', async () => {
    const { handshake, post, sent } = setup();
    await handshake();
    await post({ key: 'request:2', message: { url: '/x', httpCompleteResponse: true } });
    expect(sent.at(-1)).toMatchObject({
      key: 'zaf.request:2.done',
      message: { responseArgs: [{ status: 200, responseJSON: { ok: true } }] },
    });
  });

  it('rejects .fail with the status and JSON error body when the backend answers 401', async () => {
    const { handshake, post, sent } = setup(async () => ({
      status: 401,
      statusText: 'Unauthorized',
      headers: { 'content-type': 'application/json' },
      body: '{"error":{"code":"bad_token","message":"no"}}',
    }));
    await handshake();
    await post({ key: 'request:3', message: { url: '/v1/triage', type: 'POST' } });
    expect(sent.at(-1)).toMatchObject({
      key: 'zaf.request:3.fail',
      message: {
        responseArgs: [{ status: 401, responseJSON: { error: { code: 'bad_token' } } }, 'error', 'Unauthorized'],
      },
    });
  });

  it('rejects with status 0 when the proxy cannot be reached at all', async () => {
    const { handshake, post, sent } = setup(async () => {
      throw new TypeError('fetch failed');
    });
    await handshake();
    await post({ key: 'request:4', message: { url: '/v1/triage' } });
    expect(sent.at(-1)).toMatchObject({
      key: 'zaf.request:4.fail',
      message: { responseArgs: [{ status: 0 }, 'error', 'error'] },
    });
  });

  it('fails a request whose options are not valid without calling the proxy', async () => {
    const { handshake, post, proxied, sent } = setup();
    await handshake();
    await post({ key: 'request:5', message: { url: 42 } });
    expect(proxied).toEqual([]);
    expect(sent.at(-1)).toMatchObject({ key: 'zaf.request:5.fail' });
  });
});

describe('ZAF host in the nav_bar location', () => {
  const navBar = () => setup(undefined, { location: 'nav_bar', ticket: null });

  it('registers as nav_bar with no ticket id in the context', async () => {
    const { sent, handshake } = navBar();
    await handshake();
    const registered = sent[0] as { message: { context: Record<string, unknown> } };
    expect(registered.message.context).toMatchObject({ location: 'nav_bar', account: { subdomain: 'preview' } });
    expect(registered.message.context).not.toHaveProperty('ticketId');
  });

  it('answers user and account paths, and refuses ticket paths as Zendesk does outside a ticket', async () => {
    const { handshake, call } = navBar();
    await handshake();
    const result = (await call('get', ['currentUser.id', 'currentAccount.subdomain', 'ticket.subject'])) as Record<
      string,
      unknown
    > & { errors: Record<string, { name: string }> };
    expect(result['currentUser.id']).toBe(2);
    expect(result['currentAccount.subdomain']).toBe('preview');
    expect(result).not.toHaveProperty('ticket.subject');
    expect(result.errors['ticket.subject']?.name).toBe('APIUnavailable');
    const set = (await call('set', { 'ticket.priority': 'high' }, 2)) as { errors: Record<string, { name: string }> };
    expect(set.errors['ticket.priority']?.name).toBe('APIUnavailable');
    const invoked = (await call('invoke', { 'ticket.tags.add': [['x']] }, 3)) as {
      errors: Record<string, { name: string }>;
    };
    expect(invoked.errors['ticket.tags.add']?.name).toBe('APIUnavailable');
  });

  it('routes to a ticket and fires pane.activated to a subscribed app', async () => {
    const { handshake, call, routes, post, sent, host } = navBar();
    await handshake();
    await call('invoke', { routeTo: ['ticket', '100021'] });
    expect(routes).toEqual(['ticket/100021']);
    expect(host.fire('pane.activated')).toBe(false);
    await post({ key: 'iframe.on:pane.activated', message: { subscriberCount: 1 } });
    expect(host.fire('pane.activated')).toBe(true);
    expect(sent.at(-1)).toEqual({ key: 'zaf.pane.activated', message: undefined });
    expect(() =>
      host.addComment({
        author: { id: 1, name: 'x', email: 'x@example.com', role: 'end-user' },
        body: 'hi',
        public: true,
        createdAt: '2026-11-20T10:00:00.000Z',
      }),
    ).toThrow(/no ticket/);
  });
});
