import { createDecoder, createVerifier, TokenError } from 'fast-jwt';

/** The token's signature, header or claims are not acceptable (which one is not said to the caller). */
export class JwtInvalidError extends Error {
  readonly code = 'JWT_INVALID';
}

/** A correctly signed token whose `exp` has passed (beyond the clock tolerance). */
export class JwtExpiredError extends Error {
  readonly code = 'JWT_EXPIRED';
}

/** What is wrong with a time claim: absent, not a finite number, `iat` ahead of the clock, `exp` too far after `iat`. */
export type TimeClaimProblem = 'missing' | 'not_a_number' | 'in_the_future' | 'lifetime_too_long';

const PROBLEM_TEXT: Record<TimeClaimProblem, string> = {
  missing: 'is required',
  not_a_number: 'must be a number',
  in_the_future: 'is in the future',
  lifetime_too_long: 'is too far after the time the token was issued',
};

/**
 * A token signed with the right key whose time claim is missing (`exp`), not a number, or out of bounds (an `iat`
 * ahead of the clock, a lifetime over the cap). Said to the caller: only someone holding the secret can get this far,
 * most likely signing a token by hand.
 */
export class JwtClaimError extends JwtInvalidError {
  readonly claim: TimeClaim;
  readonly problem: TimeClaimProblem;
  constructor(claim: TimeClaim, problem: TimeClaimProblem) {
    super(`"${claim}" ${PROBLEM_TEXT[problem]}`);
    this.claim = claim;
    this.problem = problem;
  }
}

type JsonObject = Record<string, unknown>;
type TimeClaim = 'exp' | 'nbf' | 'iat';
const TIME_CLAIMS: readonly TimeClaim[] = ['exp', 'nbf', 'iat'];

function badTimeClaim(claims: JsonObject): JwtClaimError | null {
  for (const name of TIME_CLAIMS) {
    const value = claims[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
      return new JwtClaimError(name, 'not_a_number');
  }
  return null;
}

/** After the signature and expiry checked out, with `exp` (and `iat` when present) finite numbers. */
function outOfBounds(claims: JsonObject, options: Hs256Options): JwtClaimError | null {
  const nowSeconds = (options.now?.getTime() ?? Date.now()) / 1000;
  const exp = claims.exp as number;
  const iat = typeof claims.iat === 'number' ? claims.iat : null;
  if (iat !== null && iat > nowSeconds + options.clockToleranceSeconds)
    return new JwtClaimError('iat', 'in_the_future');
  if (exp - (iat ?? nowSeconds) > options.maxLifetimeSeconds) return new JwtClaimError('exp', 'lifetime_too_long');
  return null;
}

// fast-jwt reports these only after the signature checked out.
const CLAIM_TYPE_CODES: readonly string[] = [TokenError.codes.invalidClaimType, TokenError.codes.invalidClaimValue];
const decodePayload = createDecoder();

/**
 * The claims of a compact JWT, not verified: only to pick which key to verify it with. Null when the token does not
 * decode to a JSON object.
 */
export function unverifiedClaims(token: string): JsonObject | null {
  let payload: unknown;
  try {
    payload = decodePayload(token);
  } catch {
    return null;
  }
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as JsonObject) : null;
}

export interface Hs256Options {
  clockToleranceSeconds: number;
  /**
   * Longest lifetime accepted: `exp - iat`, or `exp - now` without `iat`. Zendesk's proxy signs a token per request
   * that lives for the request's `expiry`; a token valid for years is a leaked credential waiting to be used.
   */
  maxLifetimeSeconds: number;
  /** A fixed clock (tests); the system clock otherwise. */
  now?: Date;
}

/**
 * A verifier for compact HS256 JWTs signed with `key`: `exp` required, `nbf` and `iat` numbers when present,
 * `clockToleranceSeconds` of skew both ways, `iat` no further ahead than that skew and a lifetime of at most
 * `maxLifetimeSeconds`. fast-jwt (nearform, the library behind @fastify/jwt) checks the HMAC with
 * node:crypto synchronously — about 20 µs a request, against ~115 µs for jose's Web Crypto path, which imports the key
 * and runs an async job per call. No verified-token cache: Zendesk's proxy signs a new token per request. The same
 * answers as jose's `jwtVerify` with `{ algorithms: ['HS256'], requiredClaims: ['exp'], clockTolerance }` (a table
 * test holds them together, jose having no lifetime cap); a `crit` header is refused, as no extension is understood here.
 */
export function hs256Verifier(key: Uint8Array, options: Hs256Options): (token: string) => JsonObject {
  const verify = createVerifier({
    key: Buffer.from(key),
    algorithms: ['HS256'],
    requiredClaims: ['exp'],
    clockTolerance: options.clockToleranceSeconds * 1000,
    complete: true,
    ...(options.now ? { clockTimestamp: options.now.getTime() } : {}),
  });
  return (token) => {
    let decoded: { header: JsonObject; payload: unknown };
    try {
      decoded = verify(token) as { header: JsonObject; payload: unknown };
    } catch (error) {
      if (error instanceof TokenError && error.code === TokenError.codes.expired)
        throw new JwtExpiredError('the token has expired', { cause: error });
      // `exp` is the only required claim.
      if (error instanceof TokenError && error.code === TokenError.codes.missingRequiredClaim)
        throw new JwtClaimError('exp', 'missing');
      if (error instanceof TokenError && CLAIM_TYPE_CODES.includes(error.code)) {
        const payload: unknown = decodePayload(token);
        const bad =
          typeof payload === 'object' && payload !== null && !Array.isArray(payload)
            ? badTimeClaim(payload as JsonObject)
            : null;
        if (bad) throw bad;
      }
      throw new JwtInvalidError('the token is not valid', { cause: error });
    }
    const { header, payload } = decoded;
    if (header.crit !== undefined) throw new JwtInvalidError('critical header extensions are not supported');
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      throw new JwtInvalidError('the claims set is not a JSON object');
    const claims = payload as JsonObject;
    // Time claims must be finite numbers, as RFC 7519 says and jose checks; fast-jwt only compares the ones that are.
    const bad = badTimeClaim(claims) ?? outOfBounds(claims, options);
    if (bad) throw bad;
    return claims;
  };
}
