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

/**
 * Admin pages a browser opens (the readiness report, linked from the review queue): the admin token as a bearer
 * token, or as the password of HTTP Basic auth, which a browser asks for itself (any user name). Same answers as
 * checkAdminToken: nothing → UNAUTHORIZED, a wrong bearer token → FORBIDDEN; a wrong Basic password → UNAUTHORIZED, so
 * the browser asks again.
 */
export function checkAdminPageCredentials(authorization: string | undefined, adminToken: string): void {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!basic) {
    checkAdminToken(authorization, adminToken);
    return;
  }
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  // 401, not 403: with a challenge the browser asks again; after a 403 it keeps sending the wrong password.
  if (!decoded.includes(':') || !tokensMatch(password, adminToken))
    throw new UnauthorizedError('this page needs the admin token (TRIAGE_ADMIN_TOKEN) as the password');
}
