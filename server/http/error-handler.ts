import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../src/contract/index.ts';
import { errorCode } from '../../src/errors/index.ts';
import {
  ApiError,
  DatabaseUnavailableError,
  InvalidJsonError,
  PayloadTooLargeError,
  ProtocolError,
  UnsupportedMediaTypeError,
} from '../errors.ts';

/** Any thrown value → an ApiError. Unknown errors become a generic 500 whose message says nothing about the input. */
export function toApiError(error: unknown, bodyLimit: number): ApiError {
  if (error instanceof ApiError) return error;
  switch (errorCode(error)) {
    // The storage layer's StorageUnavailableError, matched by its stable code.
    case 'DATABASE_UNAVAILABLE':
      return new DatabaseUnavailableError(error);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InvalidJsonError('the request body is not valid JSON', error);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidJsonError('the request body is empty; send a JSON object', error);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProtocolError('INVALID_CONTENT_LENGTH', error);
    // The router's own answers (frameworkErrors): a URL with a bad %-escape or escapes that are not UTF-8, an over-long path parameter.
    case 'FST_ERR_BAD_URL':
      return new ProtocolError('INVALID_URL', error);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ProtocolError('URL_TOO_LONG', error);
  }
  // Fastify's JSON parser reports a malformed body as a SyntaxError with status 400.
  if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400)
    return new InvalidJsonError('the request body is not valid JSON', error);
  return new ApiError('INTERNAL', 500, 'internal error; the server log has the details', { cause: error });
}

export function errorBody(error: ApiError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.path !== null ? { path: error.path } : {}),
      ...(error.retryAfterSeconds !== null ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    },
  };
}

/** Logs an error by name, code and stack frames only: messages of unknown errors may quote stored or request data. */
function logFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1, 8)
    .map((line) => line.trim());
  const cause = error.cause instanceof Error ? { name: error.cause.name, code: errorCode(error.cause) } : null;
  return { errorName: error.name, errorCode: errorCode(error), frames, cause };
}

/** The one place errors become responses (registered with setErrorHandler and used by the 404 handler). */
export function createErrorHandler(bodyLimit: number) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const apiError = toApiError(error, bodyLimit);
    if (apiError.status >= 500)
      request.log.error({ ...logFields(apiError.cause ?? error), code: apiError.code }, 'request failed');
    else request.log.info({ code: apiError.code, path: apiError.path }, 'request rejected');
    if (apiError.retryAfterSeconds !== null) reply.header('retry-after', String(apiError.retryAfterSeconds));
    return reply.status(apiError.status).send(errorBody(apiError));
  };
}
