/**
 * Why a Zendesk API call failed. Messages name the method, path, status and Zendesk's own error code and description,
 * never a request or response body (they hold ticket text) nor a credential.
 */
export class ZendeskApiError extends Error {
  /** ZENDESK_HTTP_ERROR (a 4xx/5xx answer), ZENDESK_UNREACHABLE (network), ZENDESK_DEADLINE, ZENDESK_BAD_RESPONSE. */
  readonly code: string;
  /** The HTTP status of the last answer; null when none came. */
  readonly status: number | null;
  /** Zendesk's `error` code (e.g. `RecordNotFound`), when it sent one. */
  readonly zendeskError: string | null;
  /** Zendesk's `description` of the error, when it sent one. */
  readonly description: string | null;
  /** Whether a later attempt may succeed (429, 5xx, network, deadline). */
  readonly isRetryable: boolean;
  /** Seconds Zendesk asked to wait (Retry-After), when it did. */
  readonly retryAfterSeconds: number | null;
  constructor(
    code: string,
    message: string,
    options: {
      status?: number | null;
      zendeskError?: string | null;
      description?: string | null;
      isRetryable?: boolean;
      retryAfterSeconds?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ZendeskApiError';
    this.code = code;
    this.status = options.status ?? null;
    this.zendeskError = options.zendeskError ?? null;
    this.description = options.description ?? null;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/** A safe update was refused (409): the ticket changed since its `updated_stamp` was read. Re-read and try again. */
export class UpdateConflictError extends ZendeskApiError {
  readonly ticketId: number;
  constructor(ticketId: number, details: { zendeskError: string | null; description: string | null }) {
    super('ZENDESK_UPDATE_CONFLICT', `ticket ${ticketId} changed since it was read (409); re-read it and retry`, {
      status: 409,
      ...details,
      isRetryable: false,
    });
    this.name = 'UpdateConflictError';
    this.ticketId = ticketId;
  }
}
