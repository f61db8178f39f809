import { TokenExpiredError, UnauthorizedError } from '../errors.ts';
import { hs256Verifier, JwtClaimError, JwtExpiredError } from './hs256.ts';

/** Zendesk's proxy signs `exp` from the request time; clocks on both sides may drift this much. */
export const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Longest token lifetime accepted (`exp - iat`). The sidebar asks Zendesk's proxy for 60 s tokens, one per request;
 * an hour leaves room for a token signed by hand (the start banner's curl example) and nothing longer.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

/** The one installation there is while one shared secret (TRIAGE_SHARED_SECRET) signs every token. */
export const DEFAULT_INSTALLATION_ID = 'default';

export interface Installation {
  /**
   * The installation whose secret verified the token: keys rate limits and LLM budgets. Never taken from a claim
   * (`iss`, `subdomain`): a caller holding a valid secret could name a fresh one per request and escape both.
   */
  readonly id: string;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** A key for HMAC signing and verification, made once per secret. */
export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A token whose signature, expiry and lifetime checked out, and the installation whose secret signed it. */
export interface VerifiedToken {
  readonly installation: Installation;
  readonly claims: Record<string, unknown>;
}

/**
 * Checks an installation token; throws the hs256 errors. A registry of installations, each with its own secret,
 * changes only which verifier is made here (pick the secret, answer its installation), not its callers.
 */
export type InstallationVerifier = (token: string) => VerifiedToken;

/** Tokens signed with one shared secret, all of them `installation`'s; made once per secret. */
export function installationVerifier(
  secret: string,
  installation: Installation = { id: DEFAULT_INSTALLATION_ID },
): InstallationVerifier {
  const verify = hs256Verifier(secretKey(secret), {
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    maxLifetimeSeconds: MAX_TOKEN_LIFETIME_SECONDS,
  });
  return (token) => ({ installation, claims: verify(token) });
}

/** For whoever signs a token by hand: which claim to fix and how. Never quotes the token or the claim's value. */
function claimMessage(error: JwtClaimError): string {
  if (error.claim === 'exp' && error.problem === 'missing') {
    return 'the token has no "exp" claim; sign it with exp set to its expiry time in seconds since 1970 (a minute or a few ahead)';
  }
  if (error.problem === 'in_the_future') {
    return `the token's "iat" claim is more than ${CLOCK_TOLERANCE_SECONDS} s ahead of this server's clock; sign it with iat set to the current time, and check both clocks`;
  }
  if (error.problem === 'lifetime_too_long') {
    return `the token is valid for more than ${MAX_TOKEN_LIFETIME_SECONDS} s (exp - iat, or exp - now without iat); sign it with exp at most ${MAX_TOKEN_LIFETIME_SECONDS} s after iat`;
  }
  return `the token's "${error.claim}" claim must be a number of seconds since 1970`;
}

/**
 * Verifies the HS256 JWT that Zendesk's proxy signs with the app's shared secret
 * (`client.request({ secure: true, jwt: { algorithm: 'HS256', secret_key: '{{setting.shared_secret}}', expiry } })`).
 * `exp` is required; 60 s of clock skew is allowed; the lifetime is capped at MAX_TOKEN_LIFETIME_SECONDS. A correctly
 * signed token with a missing, non-numeric or out-of-bounds time claim is UNAUTHORIZED naming the claim; any other
 * failure is UNAUTHORIZED without saying which check failed. Answers the installation the verifier vouches for and
 * the token's claims.
 */
export async function verifyInstallationToken(
  authorization: string | undefined,
  verify: InstallationVerifier,
): Promise<VerifiedToken> {
  const token = bearerToken(authorization);
  if (token === null) throw new UnauthorizedError('send Authorization: Bearer <JWT signed with the shared secret>');
  try {
    return verify(token);
  } catch (error) {
    if (error instanceof JwtExpiredError) throw new TokenExpiredError(error);
    if (error instanceof JwtClaimError) throw new UnauthorizedError(claimMessage(error), error);
    throw new UnauthorizedError("the token is not valid for this server; check the app's shared secret", error);
  }
}
