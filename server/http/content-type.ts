import type { FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeError } from '../errors.ts';

/** The media type of a request without its parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * An onRequest hook refusing, before the body is read, a request whose media type is not one of `allowed`.
 * Fastify would otherwise parse `text/plain` into a string and the contract would answer a puzzling "expected object".
 */
export function requireMediaType(allowed: readonly string[], message: string) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!allowed.includes(mediaTypeOf(request))) throw new UnsupportedMediaTypeError(message);
  };
}
