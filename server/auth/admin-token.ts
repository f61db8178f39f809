import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import { bearerToken } from './installation-token.ts';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time over equal-length digests, so neither the token's content nor its length leaks through timing. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Admin routes: no bearer token → UNAUTHORIZED; a token that is not the admin token → FORBIDDEN. */
export function checkAdminToken(authorization: string | undefined, adminToken: string): void {
  const token = bearerToken(authorization);
  if (token === null) throw new UnauthorizedError('send Authorization: Bearer <TRIAGE_ADMIN_TOKEN>');
  if (!tokensMatch(token, adminToken))
    throw new ForbiddenError('this route needs the admin token (TRIAGE_ADMIN_TOKEN)');
}

/** `/metrics` with TRIAGE_METRICS_TOKEN set: no bearer token, or another one → UNAUTHORIZED (a scraper's credentials). */
export function checkMetricsToken(authorization: string | undefined, metricsToken: string): void {
  const token = bearerToken(authorization);
  if (token === null || !tokensMatch(token, metricsToken))
    throw new UnauthorizedError('send Authorization: Bearer <TRIAGE_METRICS_TOKEN>');
}
