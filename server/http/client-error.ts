import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler.ts';
import { ProtocolError, type ProtocolErrorCode } from '../errors.ts';

/** node's llhttp error codes → ours; any other parse error is MALFORMED_REQUEST. */
function protocolCode(parserCode: string | undefined): ProtocolErrorCode {
  switch (parserCode) {
    case 'HPE_HEADER_OVERFLOW':
      return 'HEADERS_TOO_LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'REQUEST_TIMEOUT';
    // A content-length that is not a number, or two that differ; one sent with transfer-encoding.
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return 'INVALID_CONTENT_LENGTH';
    default:
      return 'MALFORMED_REQUEST';
  }
}

/**
 * fastify's `clientErrorHandler`: node's parser refused the request (headers over `--max-http-header-size`, a bad
 * content-length, not HTTP at all), so there is no request object and no route; the answer is written to the socket in
 * the API's error shape, then the connection is closed. Logged by code only: the raw packet holds the headers,
 * tokens included.
 */
export function handleClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  // The peer is gone: nothing to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError = new ProtocolError(protocolCode(error.code));
  this.log.debug({ code: apiError.code, parserCode: error.code }, 'request refused by the HTTP parser');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(apiError));
    socket.write(
      `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
