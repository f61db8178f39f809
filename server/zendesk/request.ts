import type { z } from 'zod';
import type { ZendeskAuth, ZendeskConnection } from '../config/index.ts';
import { ZendeskApiError } from './errors.ts';
import { ZendeskErrorBody } from './schemas.ts';

/** The one retry policy of every call: attempts, an overall deadline, and exponential backoff with full jitter. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Milliseconds one call may take in all, waits included. */
  readonly deadlineMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  deadlineMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * The history export's: it allows 10 requests a minute, so a long Retry-After is normal there and the deadline is
 * generous (the CLI import and the admin import job both use it).
 */
export const EXPORT_RETRY_POLICY: Partial<RetryPolicy> = { deadlineMs: 10 * 60_000, maxAttempts: 10 };

/** What a retry is told to whoever listens (progress lines, logs): never a body, never a credential. */
export interface RetryNotice {
  readonly method: string;
  readonly path: string;
  readonly attempt: number;
  readonly delayMs: number;
  /** The status that caused it, or null for a network error. */
  readonly status: number | null;
}

export interface RequestOptions {
  readonly policy?: Partial<RetryPolicy>;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly onRetry?: (notice: RetryNotice) => void;
}

export type ZendeskRequest = <Schema extends z.ZodType>(
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  schema: Schema,
  options?: { body?: unknown; signal?: AbortSignal },
) => Promise<{ status: number; value: z.infer<Schema> }>;

function authorization(auth: ZendeskAuth): string {
  if (auth.kind === 'oauth') return `Bearer ${auth.accessToken}`;
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64')}`;
}

/** Retry-After in seconds (Zendesk sends seconds; an HTTP date is honoured too); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The one Zendesk request function: JSON in and out, the connection's credentials, and the retry policy — 429 waits
 * what Retry-After says, 5xx and network errors back off exponentially with jitter, all within one deadline. Any
 * other status, or a reply that does not fit `schema`, throws a ZendeskApiError at once. Requests go only to the
 * connection's origin, so credentials never follow a URL from a reply elsewhere.
 */
export function createZendeskRequest(connection: ZendeskConnection, options: RequestOptions = {}): ZendeskRequest {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const origin = new URL(connection.url).origin;
  const headers = { authorization: authorization(connection.auth), accept: 'application/json' };

  return async (method, path, schema, callOptions = {}) => {
    if (!path.startsWith('/')) throw new RangeError(`a Zendesk path starts with /, got ${JSON.stringify(path)}`);
    const url = `${origin}${path}`;
    const where = `${method} ${path.split('?')[0]}`;
    const deadline = Date.now() + policy.deadlineMs;
    const body = callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body);
    let last: ZendeskApiError | null = null;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const timeout = AbortSignal.timeout(remaining);
      const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          body,
          signal,
          redirect: 'error',
        });
      } catch (error) {
        if (callOptions.signal?.aborted) throw error;
        last = new ZendeskApiError('ZENDESK_UNREACHABLE', `${where}: Zendesk did not answer`, {
          isRetryable: true,
          cause: error,
        });
        if (!(await wait(attempt, null, null))) break;
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        const parsed = schema.safeParse(parseJson(text));
        if (parsed.success) return { status: response.status, value: parsed.data };
        const issue = parsed.error.issues[0];
        throw new ZendeskApiError(
          'ZENDESK_BAD_RESPONSE',
          `${where}: Zendesk's reply does not have the documented shape (at ${issue?.path.join('.') || '(root)'})`,
          { status: response.status },
        );
      }
      const details = errorDetails(text);
      const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
      const retryable = response.status === 429 || response.status >= 500;
      last = new ZendeskApiError(
        'ZENDESK_HTTP_ERROR',
        `${where}: Zendesk answered ${response.status}${details.zendeskError ? ` ${details.zendeskError}` : ''}${details.description ? `: ${details.description}` : ''}`,
        { status: response.status, ...details, isRetryable: retryable, retryAfterSeconds: retryAfter },
      );
      // 409 is not retried here: a safe update's conflict means re-read the ticket, not resend the same stamp.
      if (!retryable) throw last;
      if (!(await wait(attempt, response.status, retryAfter))) break;
    }
    throw last ?? new ZendeskApiError('ZENDESK_DEADLINE', `${where}: no attempt fitted in the deadline`);

    /** Sleeps before the next attempt; false when there is none (attempts used, or the wait passes the deadline). */
    async function wait(attempt: number, status: number | null, retryAfter: number | null): Promise<boolean> {
      if (attempt >= policy.maxAttempts) return false;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = retryAfter !== null ? Math.ceil(retryAfter * 1000) : Math.round(random() * backoff);
      if (Date.now() + delayMs >= deadline) {
        last = new ZendeskApiError(
          'ZENDESK_DEADLINE',
          `${where}: gave up after ${attempt} attempt(s): the next would start after the ${policy.deadlineMs} ms deadline (${last?.message ?? 'no answer'})`,
          { status, isRetryable: true, retryAfterSeconds: retryAfter, cause: last },
        );
        return false;
      }
      options.onRetry?.({ method, path: path.split('?')[0]!, attempt, delayMs, status });
      await sleep(delayMs, callOptions.signal);
      return true;
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Zendesk's error code and description, clipped: never the rest of the body. */
function errorDetails(text: string): { zendeskError: string | null; description: string | null } {
  const parsed = ZendeskErrorBody.safeParse(parseJson(text));
  if (!parsed.success) return { zendeskError: null, description: null };
  const { error, description } = parsed.data;
  const clip = (value: string | undefined) => (value === undefined ? null : value.slice(0, 200));
  if (typeof error === 'object')
    return { zendeskError: clip(error.title), description: clip(error.message ?? description) };
  return { zendeskError: clip(error), description: clip(description) };
}
