import type { z } from 'zod';
import {
  ErrorBody,
  FeedbackEvent,
  FeedbackResponse,
  ReviewResponse,
  SimilarResponse,
  TaxonomyView,
  TriageRequest,
  TriageResult,
  VerdictResponse,
  type FeedbackEventInput,
  type TicketVerdict,
  type TicketInput,
} from '../../src/contract/index.ts';
import { ApiError, errorKindOf } from './api-error.ts';
import type { ZafClient, ZafRequestOptions } from './zaf-types.ts';

/** Every backend call the app's locations make, each answer validated with the contract. */
export interface ApiClient {
  triage(ticket: TicketInput): Promise<TriageResult>;
  feedback(event: FeedbackEventInput): Promise<FeedbackResponse>;
  /** Past tickets matching `query`; `exclude` (the open ticket's id) is never among them. */
  searchSimilar(query: string, options?: { limit?: number; exclude?: string }): Promise<SimilarResponse>;
  similarToTicket(ticketId: string): Promise<SimilarResponse>;
  taxonomy(): Promise<TaxonomyView>;
  /** The ticket's latest accept, reject or correct, or null when nobody answered its suggestion yet. */
  verdict(ticketId: string): Promise<TicketVerdict | null>;
  /** Latest results decided `review` with no feedback yet, newest first. */
  reviewQueue(limit?: number): Promise<ReviewResponse>;
  /** The admin's readiness report of this account (a page the browser opens; it asks for the admin token). */
  readonly reportUrl: string;
}

export interface ApiClientOptions {
  /** The installation's `backend_url` setting. */
  backendUrl: string;
  /** Zendesk subdomain: the JWT issuer the backend checks. */
  subdomain: string;
  /** Current agent's id: the JWT subject. */
  userId: string;
}

/** Seconds the proxy-signed JWT stays valid; the backend allows 60 s of clock skew on top. */
const JWT_EXPIRY_SECONDS = 60;

/**
 * Builds the API client. Every call goes through `client.request` with `secure: true`, so
 * Zendesk's proxy fills `{{setting.shared_secret}}` and signs the JWT: the secret never reaches the browser.
 */
export function createApiClient(client: ZafClient, options: ApiClientOptions): ApiClient {
  const base = options.backendUrl.replace(/\/+$/, '');

  async function call<Schema extends z.ZodType>(
    schema: Schema,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<z.infer<Schema>> {
    const request: ZafRequestOptions = {
      url: base + path,
      type: method,
      contentType: 'application/json',
      secure: true,
      cors: false,
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.shared_secret}}',
        expiry: JWT_EXPIRY_SECONDS,
        claims: { iss: options.subdomain, sub: options.userId },
      },
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      ...(body === undefined ? {} : { data: JSON.stringify(body) }),
    };
    let answer: unknown;
    try {
      answer = await client.request(request);
    } catch (failure) {
      throw requestFailure(failure);
    }
    const parsed = schema.safeParse(jsonOf(answer));
    if (!parsed.success) {
      throw new ApiError({ kind: 'invalid_response', code: 'INVALID_RESPONSE', status: 200, cause: parsed.error });
    }
    return parsed.data;
  }

  function checked<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new ApiError({ kind: 'invalid_request', code: 'VALIDATION_FAILED', status: null, cause: parsed.error });
    return parsed.data;
  }

  return {
    reportUrl: `${base}/v1/admin/report?subdomain=${encodeURIComponent(options.subdomain)}`,
    triage: async (ticket) => call(TriageResult, 'POST', '/v1/triage', checked(TriageRequest, { ticket })),
    feedback: async (event) => call(FeedbackResponse, 'POST', '/v1/feedback', checked(FeedbackEvent, event)),
    searchSimilar: (query, { limit = 5, exclude } = {}) =>
      call(
        SimilarResponse,
        'GET',
        `/v1/similar?${new URLSearchParams({ q: query, limit: String(limit), ...(exclude ? { exclude } : {}) }).toString()}`,
      ),
    similarToTicket: (ticketId) => call(SimilarResponse, 'GET', `/v1/tickets/${encodeURIComponent(ticketId)}/similar`),
    taxonomy: () => call(TaxonomyView, 'GET', '/v1/taxonomy'),
    verdict: async (ticketId) =>
      (await call(VerdictResponse, 'GET', `/v1/tickets/${encodeURIComponent(ticketId)}/verdict`)).verdict,
    reviewQueue: (limit = 50) =>
      call(ReviewResponse, 'GET', `/v1/review?${new URLSearchParams({ limit: String(limit) }).toString()}`),
  };
}

/** The proxy hands back parsed JSON for JSON responses; text is parsed here and validated by the caller. */
function jsonOf(answer: unknown): unknown {
  if (typeof answer !== 'string') return answer;
  try {
    return JSON.parse(answer);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Maps what `client.request` rejected with (a jqXHR-like object, or an Error on timeout) to an ApiError. */
function requestFailure(failure: unknown): ApiError {
  if (!isRecord(failure) || typeof failure.status !== 'number') {
    return new ApiError({ kind: 'unreachable', code: 'NETWORK_ERROR', status: null, cause: failure });
  }
  const status = failure.status;
  const body = ErrorBody.safeParse(failure.responseJSON ?? jsonOf(failure.responseText));
  const code = body.success ? body.data.error.code : null;
  const retryAfterSeconds = body.success
    ? (body.data.error.retryAfterSeconds ?? retryAfterHeader(failure))
    : retryAfterHeader(failure);
  return new ApiError({
    kind: errorKindOf(status, code),
    code: code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`),
    status: status === 0 ? null : status,
    retryAfterSeconds,
  });
}

function retryAfterHeader(failure: Record<string, unknown>): number | null {
  const headers = failure.headers;
  if (!isRecord(headers)) return null;
  const value = Number(headers['retry-after'] ?? headers['Retry-After']);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
