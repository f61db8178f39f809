import type {
  ZafClient,
  ZafEventHandler,
  ZafGetResult,
  ZafMetadata,
  ZafRequestOptions,
} from '../../../app/shared/zaf-types.ts';

export type RecordedCall =
  | { method: 'get'; paths: string[] }
  | { method: 'set'; path: string; value: unknown }
  | { method: 'invoke'; name: string; args: unknown[] }
  | { method: 'request'; options: ZafRequestOptions };

/** Answers one `client.request`: resolve with a body, or reject like the ZAF proxy does. */
export type RequestHandler = (options: ZafRequestOptions) => Promise<unknown>;

/** What `client.request` rejects with: the ZAF proxy's jqXHR-like failure, not an Error. */
export interface ZafRequestFailure {
  status: number;
  statusText?: string;
  responseJSON?: unknown;
  responseText?: string;
}

/** Rejects as the ZAF proxy does, so tests exercise the app's handling of that exact shape. */
export function zafFailure(failure: ZafRequestFailure): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the ZAF proxy rejects with this plain object, not an Error
  return Promise.reject(failure);
}

/**
 * A ZAF client double: implements the app's ZafClient, answers `get` from a field map, records every call,
 * and lets a test register the app and fire host events.
 */
export class StubZafClient implements ZafClient {
  ready = false;
  readonly calls: RecordedCall[] = [];
  readonly fields: Record<string, unknown>;
  metadataValue: ZafMetadata;
  private readonly handlers = new Map<string, Set<ZafEventHandler>>();
  private requestHandler: RequestHandler;
  /** The location the host registered the app in; null: the host does not say. */
  private readonly location: string | null;

  constructor(
    options: {
      fields?: Record<string, unknown>;
      settings?: Record<string, unknown>;
      request?: RequestHandler;
      location?: string | null;
    } = {},
  ) {
    this.fields = { ...options.fields };
    this.location = options.location === undefined ? 'ticket_sidebar' : options.location;
    this.metadataValue = {
      appId: 1,
      installationId: 2,
      settings: { backend_url: 'https://triage.example.test', ...options.settings },
    };
    this.requestHandler = options.request ?? (() => zafFailure({ status: 0, statusText: 'error' }));
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  async get(path: string | string[]): Promise<ZafGetResult> {
    const paths = Array.isArray(path) ? path : [path];
    this.calls.push({ method: 'get', paths });
    const result: ZafGetResult = {};
    for (const key of paths) if (key in this.fields) result[key] = this.fields[key];
    return result;
  }

  async set(path: string, value: unknown): Promise<ZafGetResult> {
    this.calls.push({ method: 'set', path, value });
    this.fields[path] = value;
    return { [path]: value };
  }

  async invoke(name: string, ...args: unknown[]): Promise<unknown> {
    this.calls.push({ method: 'invoke', name, args });
    if (name === 'ticket.tags.add') {
      const current = (this.fields['ticket.tags'] as string[] | undefined) ?? [];
      const added = (args[0] as string[]).filter((tag) => !current.includes(tag));
      this.fields['ticket.tags'] = [...current, ...added];
    }
    return {};
  }

  request(options: ZafRequestOptions): Promise<unknown> {
    this.calls.push({ method: 'request', options });
    return this.requestHandler(options);
  }

  on(event: string, handler: ZafEventHandler): void {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)?.add(handler);
  }

  off(event: string, handler: ZafEventHandler): void {
    this.handlers.get(event)?.delete(handler);
  }

  async metadata(): Promise<ZafMetadata> {
    return this.metadataValue;
  }

  async context() {
    return {
      product: 'support',
      ...(this.location === null ? {} : { location: this.location }),
      ticketId: Number(this.fields['ticket.id'] ?? 0),
      account: { subdomain: 'acme' },
    };
  }

  /** What the host does after the handshake. */
  register(): void {
    this.ready = true;
    this.fire('app.registered', { metadata: this.metadataValue, context: {} });
  }

  fire(event: string, data?: unknown): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(data);
  }

  listenerCount(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }

  requests(): ZafRequestOptions[] {
    return this.calls.flatMap((call) => (call.method === 'request' ? [call.options] : []));
  }

  invocations(name: string): unknown[][] {
    return this.calls.flatMap((call) => (call.method === 'invoke' && call.name === name ? [call.args] : []));
  }

  sets(path: string): unknown[] {
    return this.calls.flatMap((call) => (call.method === 'set' && call.path === path ? [call.value] : []));
  }
}
