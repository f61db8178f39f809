import { SignJWT } from 'jose';
import type { ZafProxyResponse, ZafRequestOptions } from '../../src/preview-host/index.ts';
import { PreviewProxyError } from './errors.ts';

/** One app setting as the installation holds it. `scopes` say where a secure value may be substituted. */
export interface ProxySetting {
  readonly value: string;
  readonly secure: boolean;
  /** Zendesk's secure-setting scopes; `jwt_secret_key` lets the value only sign a JWT. Defaults to `header`. */
  readonly scopes?: readonly string[];
}

export interface ProxyConfig {
  readonly settings: Readonly<Record<string, ProxySetting>>;
  /** The only place requests may go: an absolute http(s) URL; requests must stay under it. */
  readonly backendUrl: string;
  readonly fetch?: typeof fetch;
  /** Default and maximum wait for the backend. */
  readonly timeoutMs?: number;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
const MAX_RESPONSE_BYTES = 5_000_000;
const KEPT_RESPONSE_HEADERS = ['content-type', 'retry-after', 'x-request-id'];

type Scope = 'url' | 'header' | 'body' | 'jwt_secret_key';

function substitute(text: string, config: ProxyConfig, scope: Scope, secure: boolean, jwtToken: string | null): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'jwt.token') {
      if (jwtToken === null)
        throw new PreviewProxyError('jwt_missing', 400, '{{jwt.token}} is used but the request has no jwt option');
      return jwtToken;
    }
    if (!name.startsWith('setting.')) return whole;
    const settingName = name.slice('setting.'.length);
    const setting = config.settings[settingName];
    if (!setting)
      throw new PreviewProxyError('unknown_setting', 400, `{{setting.${settingName}}} is not a setting of this app`);
    if (setting.secure) {
      // Zendesk only fills in secure settings for `secure: true` requests, and only where the scopes allow.
      if (!secure)
        throw new PreviewProxyError(
          'secure_setting_needs_secure_request',
          400,
          `{{setting.${settingName}}} is secure: the request needs secure: true`,
        );
      const scopes = setting.scopes ?? ['header'];
      if (!scopes.includes(scope))
        throw new PreviewProxyError(
          'secure_setting_scope',
          400,
          `{{setting.${settingName}}} may not be used in the ${scope} (scopes: ${scopes.join(', ')})`,
        );
    }
    return setting.value;
  });
}

function allowedUrl(raw: string, backendUrl: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PreviewProxyError(
      'zendesk_api_unavailable',
      404,
      'relative URLs go to the Zendesk API, which the local preview does not have',
    );
  }
  const base = new URL(backendUrl);
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const inside =
    url.origin === base.origin &&
    (url.pathname === base.pathname || url.pathname.startsWith(basePath) || base.pathname === '/');
  if (!inside || url.username !== '' || url.password !== '')
    throw new PreviewProxyError(
      'proxy_url_not_allowed',
      403,
      'the preview proxy only forwards to the configured backend URL',
    );
  return url;
}

async function signJwt(
  options: NonNullable<ZafRequestOptions['jwt']>,
  config: ProxyConfig,
  secure: boolean,
): Promise<string> {
  if (options.algorithm !== 'HS256')
    throw new PreviewProxyError('jwt_algorithm', 400, 'the preview proxy signs HS256 only');
  const secret = substitute(options.secret_key, config, 'jwt_secret_key', secure, null);
  if (secret === '') throw new PreviewProxyError('jwt_secret_missing', 400, 'the jwt secret_key is empty');
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options.claims ?? {})) {
    claims[name] = typeof value === 'string' ? substitute(value, config, 'body', secure, null) : value;
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiry ?? 300))
    .sign(new TextEncoder().encode(secret));
}

function requestBody(
  options: ZafRequestOptions,
  config: ProxyConfig,
  jwtToken: string | null,
): { body: string | undefined; contentType: string | undefined } {
  const secure = options.secure === true;
  if (options.data === undefined) return { body: undefined, contentType: undefined };
  if (typeof options.data === 'string') {
    const contentType =
      options.contentType === false
        ? undefined
        : (options.contentType ?? 'application/x-www-form-urlencoded; charset=UTF-8');
    return { body: substitute(options.data, config, 'body', secure, jwtToken), contentType };
  }
  // jQuery form-encodes an object unless told otherwise.
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(options.data))
    form.append(
      name,
      substitute(typeof value === 'string' ? value : JSON.stringify(value), config, 'body', secure, jwtToken),
    );
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded; charset=UTF-8' };
}

async function readCapped(response: Response): Promise<string> {
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES)
    throw new PreviewProxyError(
      'backend_response_too_large',
      502,
      'the backend response is larger than the preview proxy forwards',
    );
  return text;
}

/**
 * Does for the preview what Zendesk's request proxy does for an installed app: fills in `{{setting.*}}`
 * (secure ones only where their scopes allow), signs the `jwt` option with HS256 and substitutes
 * `{{jwt.token}}`, then forwards — only to the configured backend, never anywhere else.
 */
export async function forwardZafRequest(options: ZafRequestOptions, config: ProxyConfig): Promise<ZafProxyResponse> {
  const secure = options.secure === true;
  const jwtToken = options.jwt ? await signJwt(options.jwt, config, secure) : null;
  const url = allowedUrl(substitute(options.url, config, 'url', secure, jwtToken), config.backendUrl);
  const method = (options.type ?? options.method ?? 'GET').toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].includes(method))
    throw new PreviewProxyError('method_not_allowed', 400, `method ${method} is not supported`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(options.headers ?? {}))
    headers.set(name, substitute(value, config, 'header', secure, jwtToken));
  const { body, contentType } =
    method === 'GET' || method === 'HEAD'
      ? { body: undefined, contentType: undefined }
      : requestBody(options, config, jwtToken);
  if (contentType && !headers.has('content-type')) headers.set('content-type', contentType);
  if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain, */*');
  const timeoutMs = Math.min(
    options.timeout && options.timeout > 0 ? options.timeout : (config.timeoutMs ?? 30_000),
    config.timeoutMs ?? 30_000,
  );
  let response: Response;
  try {
    response = await (config.fetch ?? fetch)(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new PreviewProxyError(
      timedOut ? 'backend_timeout' : 'backend_unreachable',
      timedOut ? 504 : 502,
      timedOut ? 'the backend did not answer in time' : 'the backend cannot be reached',
      { cause: error },
    );
  }
  const responseHeaders: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) responseHeaders[name] = value;
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers: responseHeaders,
    body: await readCapped(response),
  };
}
