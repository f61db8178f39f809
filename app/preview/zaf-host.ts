import type { ZafProxyResponse, ZafRequestOptions as ZafRequestOptionsType } from '../../src/preview-host/index.ts';
import { PREVIEW_GROUPS, ZafRequestOptions } from '../../src/preview-host/index.ts';
import {
  PRIORITIES,
  STATUSES,
  TICKET_TYPES,
  zafComments,
  zafConversation,
  zafTicket,
  type HostComment,
  type HostTicket,
} from './host-ticket.ts';
import {
  GetParams,
  InvokeParams,
  SetParams,
  SubscriberCount,
  parseIncoming,
  type CallMessage,
  type OutgoingMessage,
  type ZafPathError,
} from './zaf-messages.ts';

/** Forwards a `client.request()` to the server-side proxy (which fills in secrets and signs the JWT). */
export type RequestProxy = (options: ZafRequestOptionsType) => Promise<ZafProxyResponse>;

export interface ZafHostOptions {
  /** The app's guid, as passed in the iframe URL (`app_guid`). Messages for another app are ignored. */
  readonly appGuid: string;
  /** Origin the iframe runs on: messages from any other origin are ignored. */
  readonly appOrigin: string;
  /** `ticket_sidebar` (default) hosts the app beside `ticket`; `nav_bar` is a full pane with no ticket. */
  readonly location?: 'ticket_sidebar' | 'nav_bar';
  /** The open ticket; null in the nav_bar, where `ticket.*` paths are unavailable as in Zendesk. */
  readonly ticket: HostTicket | null;
  readonly proxy: RequestProxy;
  /** Posts a message into the iframe (the page calls `iframe.contentWindow.postMessage(message, appOrigin)`). */
  readonly send: (message: OutgoingMessage) => void;
  /** Non-secure settings only: Zendesk never hands secure settings to the browser. */
  readonly settings: Readonly<Record<string, string>>;
  readonly subdomain: string;
  readonly currentUser: { readonly id: number; readonly name: string; readonly email: string; readonly locale: string };
  readonly appName?: string;
  readonly appVersion?: string;
  /**
   * The account's groups: `client.request('/api/v2/groups.json')` (Zendesk's own API, never the backend) is answered
   * from them, and `ticket.assignee` may be set to one of them. Defaults to PREVIEW_GROUPS.
   */
  readonly groups?: readonly { readonly id: number; readonly name: string; readonly default?: boolean }[];
  /** Called after every change of the ticket (set, tags.add, added comment). */
  readonly onTicketChange?: (ticket: HostTicket) => void;
  /** `invoke('routeTo', 'ticket', id)`. */
  readonly onRoute?: (target: string, id: string) => void;
  readonly onResize?: (size: { width?: string; height?: string }) => void;
  readonly onNotify?: (message: string, kind: string) => void;
}

export interface ZafHost {
  /** Handles one `message` event; returns when any reply has been sent (requests wait for the proxy). */
  receive(event: { readonly origin: string; readonly data: unknown }): Promise<void>;
  /** Sends a framework event to the app if it subscribed to it (`iframe.on:NAME`). */
  fire(name: string, payload?: unknown): boolean;
  /** Appends a comment as Zendesk would on submit, and fires `ticket.conversation.changed` and `ticket.comments.changed`. */
  addComment(comment: Omit<HostComment, 'id'>): void;
  /** Changes the ticket's group as an agent would in the ticket's properties, and fires the assignee events. */
  assignGroup(groupId: number | null): void;
  readonly ticket: HostTicket | null;
  readonly registered: boolean;
  /** Current subscriber count per event name. */
  subscriptions(): ReadonlyMap<string, number>;
}

function pathError(name: string, path: string, message: string): ZafPathError {
  return { name, path, message };
}

function resolvePath(root: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part))
      return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[part];
  }
  return { found: true, value };
}

function tagList(args: readonly unknown[]): string[] | null {
  const flat: unknown[] = args.flat();
  if (flat.length === 0 || !flat.every((tag): tag is string => typeof tag === 'string' && /^\S{1,100}$/.test(tag)))
    return null;
  return flat.map((tag) => tag.toLowerCase());
}

function parseBody(response: ZafProxyResponse): { json: unknown; isJson: boolean } {
  const isJson = /\bjson\b/i.test(response.headers['content-type'] ?? '');
  if (!isJson || response.body === '') return { json: undefined, isJson };
  try {
    return { json: JSON.parse(response.body) as unknown, isJson };
  } catch {
    return { json: undefined, isJson: false };
  }
}

/** jQuery's `ajax` callback arguments, which ZAF passes through as `responseArgs`. */
function responseArgs(options: ZafRequestOptionsType, response: ZafProxyResponse): { ok: boolean; args: unknown[] } {
  const { json, isJson } = parseBody(response);
  const xhr = {
    status: response.status,
    statusText: response.statusText,
    responseText: response.body,
    responseJSON: json,
    headers: response.headers,
  };
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) return { ok, args: [xhr, 'error', response.statusText] };
  if (options.httpCompleteResponse)
    return {
      ok,
      args: [{ status: response.status, headers: response.headers, responseText: response.body, responseJSON: json }],
    };
  const wantsJson = options.dataType === 'json' || (options.dataType === undefined && isJson);
  if (wantsJson && json === undefined && response.body !== '')
    return { ok: false, args: [xhr, 'parsererror', 'invalid JSON'] };
  return { ok, args: [wantsJson ? json : response.body, 'success', xhr] };
}

/**
 * The Zendesk side of the ZAF postMessage protocol for one ticket_sidebar instance: handshake →
 * `app.registered`, `get`/`set`/`invoke` answered by id, `request:N` through the proxy, `iframe.on:`/`off:`
 * subscriptions. Pure message handling: no DOM, so it is unit-tested in Node.
 */
export function createZafHost(options: ZafHostOptions): ZafHost {
  let ticket = options.ticket;
  const location = options.location ?? 'ticket_sidebar';
  let registered = false;
  const subscribers = new Map<string, number>();
  const instanceGuid = options.appGuid;

  function noTicket(path: string): ZafPathError {
    return pathError('APIUnavailable', path, `"${path}" is not available in the ${location} location`);
  }

  function changeTicket(next: HostTicket, events: readonly string[]): void {
    ticket = { ...next, updatedAt: new Date().toISOString() };
    options.onTicketChange?.(ticket);
    for (const name of events) fire(name, eventPayload(name));
  }

  function eventPayload(name: string): unknown {
    if (!ticket) return undefined;
    if (name === 'ticket.conversation.changed') return zafConversation(ticket);
    if (name === 'ticket.comments.changed') return zafComments(ticket);
    // `ticket.priority.changed` → ticket.priority; `ticket.assignee.group.id.changed` → ticket.assignee.group.id.
    const path = /^(ticket(?:\.\w+)+)\.changed$/.exec(name)?.[1];
    return path ? resolvePath({ ticket: zafTicket(ticket) }, path).value : undefined;
  }

  const groups = options.groups ?? PREVIEW_GROUPS;
  const GROUP_EVENTS = ['ticket.assignee.group.id.changed', 'ticket.assignee.group.name.changed'];

  /** `ticket.assignee` takes `{ groupId }` (and `userId`, which the preview has no agents for). */
  function setAssignee(path: string, value: unknown): ZafPathError | null {
    if (!ticket) return noTicket(path);
    if (value === null || typeof value !== 'object')
      return pathError('InvalidValueError', path, 'expects { groupId, userId }');
    const { groupId, userId } = value as { groupId?: unknown; userId?: unknown };
    if (userId !== undefined) return pathError('InvalidValueError', path, 'the preview has no agents to assign');
    if (typeof groupId !== 'number' || !groups.some((group) => group.id === groupId))
      return pathError('InvalidValueError', path, 'groupId must be the id of one of the account’s groups');
    changeTicket({ ...ticket, groupId }, GROUP_EVENTS);
    return null;
  }

  /** `GET /api/v2/groups.json`, as Zendesk answers it to an app: cursor pages with `page[size]`, else all in one. */
  function groupsAnswer(url: URL): ZafProxyResponse {
    const listed = groups.map((group) => ({ default: false, deleted: false, is_public: true, ...group }));
    const size = Number(url.searchParams.get('page[size]') ?? listed.length);
    const start = Number(url.searchParams.get('page[after]') ?? 0);
    const page = listed.slice(start, start + Math.max(1, size));
    const hasMore = start + page.length < listed.length;
    const next = hasMore ? `/api/v2/groups.json?page[size]=${size}&page[after]=${start + page.length}` : null;
    const body = url.searchParams.has('page[size]')
      ? {
          groups: page,
          meta: { has_more: hasMore, after_cursor: hasMore ? String(start + page.length) : null },
          links: { next },
        }
      : { groups: listed, next_page: null, previous_page: null, count: listed.length };
    return {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }

  /** `/api/v2/…` is the account's own API, which Zendesk answers itself: here only the groups list is known. */
  function zendeskApi(url: string): ZafProxyResponse | null {
    if (!url.startsWith('/api/v2/')) return null;
    const parsed = new URL(url, 'https://preview.zendesk.invalid');
    if (parsed.pathname === '/api/v2/groups.json' || parsed.pathname === '/api/v2/groups') return groupsAnswer(parsed);
    const body = JSON.stringify({ error: 'InvalidEndpoint', description: 'Not found in the preview host' });
    return { status: 404, statusText: 'Not Found', headers: { 'content-type': 'application/json' }, body };
  }

  function fire(name: string, payload?: unknown): boolean {
    if ((subscribers.get(name) ?? 0) === 0) return false;
    options.send({ key: `zaf.${name}`, message: payload });
    return true;
  }

  function root(): Record<string, unknown> {
    return {
      ...(ticket ? { ticket: zafTicket(ticket) } : {}),
      currentUser: { ...options.currentUser, role: 'agent', groups: [], timeZone: { ianaName: 'UTC' } },
      currentAccount: { subdomain: options.subdomain, planName: 'preview' },
    };
  }

  function answerGet(params: unknown): Record<string, unknown> & { errors: Record<string, ZafPathError> } {
    const result: Record<string, unknown> & { errors: Record<string, ZafPathError> } = { errors: {} };
    const paths = GetParams.safeParse(params);
    if (!paths.success) return result;
    const data = root();
    for (const path of paths.data) {
      const { found, value } = resolvePath(data, path);
      if (found) result[path] = value;
      else
        result.errors[path] = pathError(
          'APIUnavailable',
          path,
          `Could not find handler for: "${path}" in the preview host`,
        );
    }
    return result;
  }

  function setOne(path: string, value: unknown): ZafPathError | null {
    if (!ticket) return noTicket(path);
    const enums: Record<string, readonly string[]> = {
      'ticket.priority': PRIORITIES,
      'ticket.type': TICKET_TYPES,
      'ticket.status': STATUSES,
    };
    const allowed = enums[path];
    if (allowed) {
      if (typeof value !== 'string' || !allowed.includes(value))
        return pathError('InvalidValueError', path, `must be one of ${allowed.join(', ')}`);
      const field = path.slice('ticket.'.length);
      changeTicket({ ...ticket, [field]: value }, [`${path}.changed`]);
      return null;
    }
    if (path === 'ticket.assignee') return setAssignee(path, value);
    if (path === 'ticket.subject') {
      if (typeof value !== 'string') return pathError('InvalidValueError', path, 'must be a string');
      changeTicket({ ...ticket, subject: value }, ['ticket.subject.changed']);
      return null;
    }
    if (path === 'ticket.tags') {
      const tags = Array.isArray(value) ? tagList(value) : null;
      if (!tags && !(Array.isArray(value) && value.length === 0))
        return pathError('InvalidValueError', path, 'must be an array of tags');
      changeTicket({ ...ticket, tags: [...new Set(tags ?? [])] }, ['ticket.tags.changed']);
      return null;
    }
    return pathError('APIUnavailable', path, `Could not find handler for: "${path}" in the preview host`);
  }

  function answerSet(params: unknown): Record<string, unknown> & { errors: Record<string, ZafPathError> } {
    const result: Record<string, unknown> & { errors: Record<string, ZafPathError> } = { errors: {} };
    const values = SetParams.safeParse(params);
    if (!values.success) return result;
    for (const [path, value] of Object.entries(values.data)) {
      const error = setOne(path, value);
      if (error) result.errors[path] = error;
      else result[path] = resolvePath(root(), path).value;
    }
    return result;
  }

  function invokeOne(name: string, args: readonly unknown[]): ZafPathError | null {
    switch (name) {
      case 'ticket.tags.add':
      case 'ticket.tags.remove': {
        if (!ticket) return noTicket(name);
        const tags = tagList(args);
        if (!tags) return pathError('InvalidValueError', name, 'expects a tag or an array of tags');
        const next =
          name === 'ticket.tags.add'
            ? [...new Set([...ticket.tags, ...tags])]
            : ticket.tags.filter((tag) => !tags.includes(tag));
        changeTicket({ ...ticket, tags: next }, ['ticket.tags.changed']);
        return null;
      }
      case 'routeTo': {
        const [target, id] = args;
        if (typeof target !== 'string' || (typeof id !== 'string' && typeof id !== 'number'))
          return pathError('InvalidValueError', name, "expects ('ticket', id)");
        options.onRoute?.(target, String(id));
        return null;
      }
      case 'resize': {
        const size = args[0];
        if (size === null || typeof size !== 'object')
          return pathError('InvalidValueError', name, 'expects { width, height }');
        const { width, height } = size as { width?: unknown; height?: unknown };
        options.onResize?.({
          ...(typeof width === 'string' || typeof width === 'number' ? { width: String(width) } : {}),
          ...(typeof height === 'string' || typeof height === 'number' ? { height: String(height) } : {}),
        });
        return null;
      }
      case 'notify': {
        const [message, kind] = args;
        if (typeof message !== 'string') return pathError('InvalidValueError', name, 'expects a message');
        options.onNotify?.(message, typeof kind === 'string' ? kind : 'notice');
        return null;
      }
      default:
        return pathError('APIUnavailable', name, `"${name}" is not available in the preview host`);
    }
  }

  function answerInvoke(params: unknown): Record<string, unknown> & { errors: Record<string, ZafPathError> } {
    const result: Record<string, unknown> & { errors: Record<string, ZafPathError> } = { errors: {} };
    const calls = InvokeParams.safeParse(params);
    if (!calls.success) return result;
    for (const [name, args] of Object.entries(calls.data)) {
      const error = invokeOne(name, args);
      if (error) result.errors[name] = error;
      else result[name] = null;
    }
    return result;
  }

  function answerCall(message: CallMessage): void {
    const result =
      message.request === 'get'
        ? answerGet(message.params)
        : message.request === 'set'
          ? answerSet(message.params)
          : answerInvoke(message.params);
    options.send({ id: message.id, result });
  }

  async function answerRequest(key: string, message: unknown): Promise<void> {
    const parsed = ZafRequestOptions.safeParse(typeof message === 'string' ? { url: message } : message);
    if (!parsed.success) {
      const xhr = {
        status: 400,
        statusText: 'Bad Request',
        responseText: 'invalid request options',
        responseJSON: undefined,
        headers: {},
      };
      options.send({ key: `zaf.${key}.fail`, message: { responseArgs: [xhr, 'error', 'Bad Request'] } });
      return;
    }
    let response: ZafProxyResponse;
    try {
      response = zendeskApi(parsed.data.url) ?? (await options.proxy(parsed.data));
    } catch {
      // The proxy itself is unreachable: jQuery reports status 0.
      response = { status: 0, statusText: 'error', headers: {}, body: '' };
    }
    const { ok, args } = responseArgs(parsed.data, response);
    options.send({ key: `zaf.${key}.${ok ? 'done' : 'fail'}`, message: { responseArgs: args } });
  }

  function register(): void {
    registered = true;
    options.send({
      key: 'zaf.app.registered',
      message: {
        metadata: {
          appId: 0,
          installationId: 1,
          name: options.appName ?? 'Triage Assist',
          version: options.appVersion ?? '0.0.0',
          settings: { ...options.settings, title: options.appName ?? 'Triage Assist' },
          plan: { name: 'preview' },
        },
        context: {
          host: 'zendesk',
          product: 'support',
          location,
          instanceGuid,
          account: { subdomain: options.subdomain },
          ...(ticket ? { ticketId: ticket.id } : {}),
        },
      },
    });
  }

  async function receive(event: { readonly origin: string; readonly data: unknown }): Promise<void> {
    if (event.origin !== options.appOrigin) return;
    const message = parseIncoming(event.data);
    if (!message || (message.appGuid !== undefined && message.appGuid !== options.appGuid)) return;
    if ('id' in message) {
      if (registered) answerCall(message);
      return;
    }
    const { key } = message;
    if (key === 'iframe.handshake') return register();
    if (!registered) return;
    const subscription = /^iframe\.(on|off):(.+)$/.exec(key);
    if (subscription) {
      const count = SubscriberCount.safeParse(message.message);
      const [, verb = 'on', name = ''] = subscription;
      subscribers.set(
        name,
        count.success ? count.data.subscriberCount : verb === 'on' ? (subscribers.get(name) ?? 0) + 1 : 0,
      );
      return;
    }
    if (/^request:\d+$/.test(key)) return answerRequest(key, message.message);
    // `__track__` (SDK telemetry), `iframe.trigger:*` and custom app events need no answer here.
  }

  return {
    receive,
    fire,
    addComment(comment) {
      if (!ticket) throw new Error('the nav_bar has no ticket to comment on');
      const id = ticket.comments.reduce((max, existing) => Math.max(max, existing.id), 1) + 1;
      changeTicket({ ...ticket, comments: [...ticket.comments, { ...comment, id }] }, [
        'ticket.conversation.changed',
        'ticket.comments.changed',
      ]);
    },
    assignGroup(groupId) {
      if (!ticket) throw new Error('the nav_bar has no ticket to assign');
      changeTicket({ ...ticket, groupId }, GROUP_EVENTS);
    },
    get ticket() {
      return ticket;
    },
    get registered() {
      return registered;
    },
    subscriptions: () => new Map(subscribers),
  };
}
