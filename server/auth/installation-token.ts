import { TokenExpiredError, UnauthorizedError } from '../http/errors.ts';
import { hs256Verifier, JwtClaimError, JwtExpiredError } from './hs256.ts';

/** Zendesk's proxy signs `exp` from the request time; clocks on both sides may drift this much. */
export const CLOCK_TOLERANCE_SECONDS = 60;

export interface Installation {
  /** Who is calling: the JWT's `iss`, else its `subdomain` claim, else `default`. Keys rate limits and logs. */
  readonly id: string;
}

const INSTALLATION_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** A key for HMAC signing and verification, made once per secret. */
export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Checks installation tokens signed with one shared secret; made once per secret. */
export type InstallationVerifier = (token: string) => Record<string, unknown>;

export function installationVerifier(secret: string): InstallationVerifier {
  return hs256Verifier(secretKey(secret), { clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS });
}

/** For whoever signs a token by hand: which claim to fix and how. Never quotes the token or the claim's value. */
function claimMessage(error: JwtClaimError): string {
  if (error.claim === 'exp' && error.problem === 'missing') {
    return 'the token has no "exp" claim; sign it with exp set to its expiry time in seconds since 1970 (a minute or a few ahead)';
  }
  return `the token's "${error.claim}" claim must be a number of seconds since 1970`;
}

/**
 * Verifies the HS256 JWT that Zendesk's proxy signs with the app's shared secret
 * (`client.request({ secure: true, jwt: { algorithm: 'HS256', secret_key: '{{setting.shared_secret}}', expiry } })`).
 * `exp` is required; 60 s of clock skew is allowed. A correctly signed token with a missing or non-numeric time claim is
 * UNAUTHORIZED naming the claim; any other failure is UNAUTHORIZED without saying which check failed.
 */
export async function verifyInstallationToken(authorization: string | undefined, verify: InstallationVerifier): Promise<Installation> {
  const token = bearerToken(authorization);
  if (token === null) throw new UnauthorizedError('send Authorization: Bearer <JWT signed with the shared secret>');
  let payload: Record<string, unknown>;
  try {
    payload = verify(token);
  } catch (error) {
    if (error instanceof JwtExpiredError) throw new TokenExpiredError(error);
    if (error instanceof JwtClaimError) throw new UnauthorizedError(claimMessage(error), error);
    throw new UnauthorizedError('the token is not valid for this server; check the app\'s shared secret', error);
  }
  const claimed = typeof payload.iss === 'string' ? payload.iss : typeof payload.subdomain === 'string' ? payload.subdomain : 'default';
  // The id ends up in logs and rate-limit keys: keep it short and plain.
  return { id: INSTALLATION_ID.test(claimed) ? claimed : 'default' };
}
