import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** Every way an LLM call can fail, as a stable code the pipeline records in `tier.detail`. */
export const LLM_ERROR_CODES = [
  'LLM_REFUSAL',
  'LLM_BAD_JSON',
  'LLM_SCHEMA',
  'LLM_UNKNOWN_LABEL',
  'LLM_TRUNCATED',
  'LLM_TIMEOUT',
  'LLM_HTTP',
  'LLM_CONNECTION',
  'LLM_ABORTED',
  'LLM_CIRCUIT_OPEN',
  'LLM_OVER_BUDGET',
  'LLM_BUSY',
  'LLM_UNREDACTED',
  'LLM_LEDGER',
] as const;
export type LlmErrorCode = (typeof LLM_ERROR_CODES)[number];

/** Codes where trying again later (not now, not in a loop: the SDK already retried) may succeed. */
const RETRYABLE: ReadonlySet<LlmErrorCode> = new Set([
  'LLM_TIMEOUT',
  'LLM_CONNECTION',
  'LLM_CIRCUIT_OPEN',
  'LLM_OVER_BUDGET',
  'LLM_BUSY',
  'LLM_LEDGER',
]);

/** Codes that say the endpoint is unwell (not that one ticket was odd): they count towards opening the circuit. */
const ENDPOINT_FAILURES: ReadonlySet<LlmErrorCode> = new Set([
  'LLM_TIMEOUT',
  'LLM_HTTP',
  'LLM_CONNECTION',
  'LLM_BAD_JSON',
  'LLM_SCHEMA',
  'LLM_UNKNOWN_LABEL',
]);

/** A failed LLM call. The message never holds ticket text or the model's answer, only what went wrong. */
export class LlmError extends Error {
  readonly code: LlmErrorCode;
  /** HTTP status from the endpoint, when there was one. */
  readonly status: number | null;
  /** Seconds after which trying again makes sense (circuit cool-down, next UTC day, retry-after). */
  readonly retryAfterSeconds: number | null;

  constructor(
    code: LlmErrorCode,
    message: string,
    options: { cause?: unknown; status?: number | null; retryAfterSeconds?: number | null } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LlmError';
    this.code = code;
    this.status = options.status ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  get isRetryable(): boolean {
    if (this.code === 'LLM_HTTP') return this.status === null || isRetryableStatus(this.status);
    return RETRYABLE.has(this.code);
  }

  /** True when the failure says something about the endpoint rather than one ticket. */
  get countsAgainstEndpoint(): boolean {
    if (this.code === 'LLM_HTTP')
      return (
        this.status === null ||
        isRetryableStatus(this.status) ||
        this.status === 401 ||
        this.status === 403 ||
        this.status === 404
      );
    return ENDPOINT_FAILURES.has(this.code);
  }
}

/** The statuses the SDK retries (408 request timeout, 409 lock, 429 rate limit, 5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function isLlmError(error: unknown): error is LlmError {
  return error instanceof LlmError;
}

/**
 * Maps what the openai SDK throws to an LlmError. `deadlineHit` says our own per-call deadline fired,
 * so an SDK abort is a timeout rather than the caller giving up.
 */
export function fromSdkError(error: unknown, deadlineHit: boolean): LlmError {
  if (error instanceof LlmError) return error;
  if (error instanceof APIConnectionTimeoutError)
    return new LlmError('LLM_TIMEOUT', 'the LLM endpoint did not answer in time', { cause: error });
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return deadlineHit
      ? new LlmError('LLM_TIMEOUT', 'the LLM call exceeded its deadline', { cause: error })
      : new LlmError('LLM_ABORTED', 'the LLM call was cancelled by the caller', { cause: error });
  }
  if (error instanceof APIConnectionError)
    return new LlmError('LLM_CONNECTION', 'could not reach the LLM endpoint', { cause: error });
  if (error instanceof APIError && typeof error.status === 'number') {
    // The SDK's message may quote the endpoint's error body; keep only the status.
    return new LlmError('LLM_HTTP', `the LLM endpoint answered HTTP ${error.status}`, {
      cause: error,
      status: error.status,
    });
  }
  // The SDK parses a JSON content-type body itself; a proxy's HTML page fails there.
  if (error instanceof SyntaxError)
    return new LlmError('LLM_BAD_JSON', 'the endpoint sent a body that is not JSON', { cause: error });
  return new LlmError('LLM_CONNECTION', 'the LLM call failed unexpectedly', { cause: error });
}
