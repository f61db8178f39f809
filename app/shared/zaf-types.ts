/**
 * The part of the Zendesk App Framework client this app uses. The npm SDK ships without types;
 * these follow the ZAF Client API reference (get/set/invoke/request/on/metadata/context).
 */

/** `client.get` answers with the requested paths as keys, plus `errors` for paths that failed. */
export type ZafGetResult = Record<string, unknown> & { errors?: Record<string, { message?: string }> };

/** Options of `client.request` that this app sends (the ZAF proxy understands more). */
export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST' | 'PUT' | 'DELETE';
  contentType?: string;
  data?: string;
  headers?: Record<string, string>;
  /** Route through Zendesk's proxy so `{{setting.*}}` placeholders are filled server-side. */
  secure?: boolean;
  cors?: boolean;
  dataType?: string;
  httpCompleteResponse?: boolean;
  timeout?: number;
  /** The proxy signs a JWT with `secret_key` (a placeholder) and puts it where `{{jwt.token}}` stands. */
  jwt?: {
    algorithm: 'HS256';
    secret_key: string;
    expiry?: number;
    claims?: Record<string, string | number>;
  };
}

/** What a failed `client.request` rejects with (a jqXHR-like object). */
export interface ZafRequestFailure {
  status?: number;
  statusText?: string;
  responseText?: string;
  responseJSON?: unknown;
}

export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  name?: string;
  version?: string;
  /** Non-secure settings only; secure ones never reach the browser. */
  settings: Record<string, unknown>;
}

export interface ZafContext {
  product?: string;
  location?: string;
  instanceGuid?: string;
  ticketId?: number;
  account?: { subdomain?: string };
}

export type ZafEventHandler = (data?: unknown) => void;

export interface ZafClient {
  /** True once the host answered the handshake (`app.registered`). */
  ready?: boolean;
  get(path: string | string[]): Promise<ZafGetResult>;
  set(path: string, value: unknown): Promise<ZafGetResult>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: ZafRequestOptions): Promise<unknown>;
  on(event: string, handler: ZafEventHandler, context?: unknown): void;
  off(event: string, handler: ZafEventHandler): void;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<ZafContext>;
}
