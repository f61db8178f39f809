/** What the sidebar can tell the agent about a failed backend call. */
export type ApiErrorKind =
  /** Bad or expired JWT: the installation's shared secret does not match the backend's. */
  | 'unauthorized'
  | 'rate_limited'
  /** Network failure, 5xx, or the backend's database is down. */
  | 'unreachable'
  /** 4xx the app caused: a bug or a ticket the contract rejects. */
  | 'invalid_request'
  /** The backend answered with something the contract does not accept. */
  | 'invalid_response';

/** A failed backend call, mapped from HTTP status and the server's stable error code. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** The server's stable code (`TOKEN_EXPIRED`, …), or one of ours (`NETWORK_ERROR`, `INVALID_RESPONSE`). */
  readonly code: string;
  readonly status: number | null;
  readonly retryAfterSeconds: number | null;

  constructor(options: {
    kind: ApiErrorKind;
    code: string;
    status: number | null;
    retryAfterSeconds?: number | null;
    cause?: unknown;
  }) {
    super(`${options.kind}: ${options.code}${options.status === null ? '' : ` (HTTP ${options.status})`}`, {
      cause: options.cause,
    });
    this.name = 'ApiError';
    this.kind = options.kind;
    this.code = options.code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** Whether trying the same call again later can succeed. */
  get isRetryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unreachable';
  }
}

const UNAUTHORIZED_CODES = new Set(['UNAUTHORIZED', 'TOKEN_EXPIRED', 'INVALID_TOKEN']);

/** Maps an HTTP status (0 = no answer) and the server's error code to an error kind. */
export function errorKindOf(status: number, code: string | null): ApiErrorKind {
  if (status === 401 || (code !== null && UNAUTHORIZED_CODES.has(code))) return 'unauthorized';
  if (status === 429 || code === 'RATE_LIMITED') return 'rate_limited';
  if (status === 0 || status >= 500 || code === 'DATABASE_UNAVAILABLE') return 'unreachable';
  return 'invalid_request';
}
