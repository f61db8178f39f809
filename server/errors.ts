/**
 * Errors the API answers with. Each has a stable `code` the sidebar switches on and the HTTP status it maps to;
 * `message` is written for people and never holds ticket text, secrets or tokens.
 * server/http/error-handler.ts is the one place that turns any error into a response.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Where in the request the problem is, e.g. `ticket.subject`. */
  readonly path: string | null;
  readonly retryAfterSeconds: number | null;
  readonly isRetryable: boolean;
  constructor(
    code: string,
    status: number,
    message: string,
    options: { path?: string | null; retryAfterSeconds?: number | null; isRetryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.path = options.path ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.isRetryable = options.isRetryable ?? false;
  }
}

export class ValidationError extends ApiError {
  constructor(path: string, message: string) {
    super('VALIDATION_FAILED', 400, message, { path });
    this.name = 'ValidationError';
  }
}

export class InvalidJsonError extends ApiError {
  constructor(message = 'the request body is not valid JSON', cause?: unknown) {
    super('INVALID_JSON', 400, message, { cause });
    this.name = 'InvalidJsonError';
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message = 'a valid bearer token is required', cause?: unknown) {
    super('UNAUTHORIZED', 401, message, { cause });
    this.name = 'UnauthorizedError';
  }
}

export class TokenExpiredError extends ApiError {
  constructor(cause?: unknown) {
    super('TOKEN_EXPIRED', 401, 'the token has expired; the app signs a new one on the next request', {
      cause,
      isRetryable: true,
    });
    this.name = 'TokenExpiredError';
  }
}

/** A Zendesk webhook delivery whose signature is missing or wrong, or whose timestamp is over 5 minutes off. */
export class WebhookSignatureInvalidError extends ApiError {
  constructor() {
    super(
      'WEBHOOK_SIGNATURE_INVALID',
      401,
      "the webhook signature is missing or invalid, or its timestamp is more than 5 minutes off; check the webhook's signing secret",
    );
    this.name = 'WebhookSignatureInvalidError';
  }
}

export class ForbiddenError extends ApiError {
  constructor(message = 'this route needs the admin token') {
    super('FORBIDDEN', 403, message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends ApiError {
  constructor(message = 'no such route') {
    super('NOT_FOUND', 404, message);
    this.name = 'NotFoundError';
  }
}

/** A background job id this installation has no job for. */
export class JobNotFoundError extends ApiError {
  constructor() {
    super('JOB_NOT_FOUND', 404, 'no job with this id for this installation', { path: 'params.id' });
    this.name = 'JobNotFoundError';
  }
}

/** Feedback (or another answer) about a ticket this installation has no stored ticket for. */
export class TicketNotFoundError extends ApiError {
  constructor(path: string) {
    super('TICKET_NOT_FOUND', 404, 'no stored ticket with this id for this installation; triage it first', { path });
    this.name = 'TicketNotFoundError';
  }
}

/** A label the installation's current taxonomy does not have, where it would become a training label. */
export class UnknownLabelError extends ApiError {
  constructor(path: string) {
    super('UNKNOWN_LABEL', 400, `${path} is not a label of this installation's taxonomy; GET /v1/taxonomy lists them`, {
      path,
    });
    this.name = 'UnknownLabelError';
  }
}

/** The body names an actor (role or id) that the verified token does not vouch for. */
export class ActorNotGrantedError extends ApiError {
  constructor(path: string, message: string) {
    super('ACTOR_NOT_GRANTED', 403, message, { path });
    this.name = 'ActorNotGrantedError';
  }
}

export class ConflictError extends ApiError {
  constructor(code: string, message: string) {
    super(code, 409, message, { isRetryable: true });
    this.name = 'ConflictError';
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', 413, `the request body is larger than ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(message = 'send the body as application/json') {
    super('UNSUPPORTED_MEDIA_TYPE', 415, message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class RateLimitedError extends ApiError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `too many requests for this installation; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      isRetryable: true,
    });
    this.name = 'RateLimitedError';
  }
}

export class DatabaseUnavailableError extends ApiError {
  constructor(cause?: unknown) {
    super('DATABASE_UNAVAILABLE', 503, 'the database is unavailable; retry shortly', {
      cause,
      isRetryable: true,
      retryAfterSeconds: 5,
    });
    this.name = 'DatabaseUnavailableError';
  }
}

export class ServiceNotReadyError extends ApiError {
  constructor(message: string) {
    super('NOT_READY', 503, message, { isRetryable: true, retryAfterSeconds: 5 });
    this.name = 'ServiceNotReadyError';
  }
}

/** What a request that is not well-formed HTTP, or whose URL the router cannot read, is answered with. */
const PROTOCOL_ERRORS = {
  MALFORMED_REQUEST: { status: 400, message: 'the request is not valid HTTP/1.1' },
  INVALID_CONTENT_LENGTH: {
    status: 400,
    message: 'the content-length header is not valid: send it once, as the whole number of bytes in the body',
  },
  INVALID_URL: {
    status: 400,
    message: 'the URL is not valid: a % must start an escape of two hex digits (%20), and the escapes must spell UTF-8',
  },
  REQUEST_TIMEOUT: { status: 408, message: 'the request was not received in time' },
  URL_TOO_LONG: { status: 414, message: 'a path segment of the URL is too long' },
  HEADERS_TOO_LARGE: { status: 431, message: 'the request headers are too large; send a shorter header set' },
} as const;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

/**
 * Refused by node's HTTP parser or fastify's router, before any route ran. The message never quotes the request
 * (its URL may hold a ticket id or search text).
 */
export class ProtocolError extends ApiError {
  constructor(code: ProtocolErrorCode, cause?: unknown) {
    super(code, PROTOCOL_ERRORS[code].status, PROTOCOL_ERRORS[code].message, { cause });
    this.name = 'ProtocolError';
  }
}
