import { createVerifier, TokenError } from 'fast-jwt';

/** The token's signature, header or claims are not acceptable (which one is not said to the caller). */
export class JwtInvalidError extends Error {
  readonly code = 'JWT_INVALID';
}

/** A correctly signed token whose `exp` has passed (beyond the clock tolerance). */
export class JwtExpiredError extends Error {
  readonly code = 'JWT_EXPIRED';
}

type JsonObject = Record<string, unknown>;

export interface Hs256Options {
  clockToleranceSeconds: number;
  /** A fixed clock (tests); the system clock otherwise. */
  now?: Date;
}

/**
 * A verifier for compact HS256 JWTs signed with `key`: `exp` required, `nbf` and `iat` numbers when present,
 * `clockToleranceSeconds` of skew both ways. fast-jwt (nearform, the library behind @fastify/jwt) checks the HMAC with
 * node:crypto synchronously — about 20 µs a request, against ~115 µs for jose's Web Crypto path, which imports the key
 * and runs an async job per call. No verified-token cache: Zendesk's proxy signs a new token per request. The same
 * answers as jose's `jwtVerify` with `{ algorithms: ['HS256'], requiredClaims: ['exp'], clockTolerance }` (a table
 * test holds them together); a `crit` header is refused, as no extension is understood here.
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
      if (error instanceof TokenError && error.code === TokenError.codes.expired) throw new JwtExpiredError('the token has expired', { cause: error });
      throw new JwtInvalidError('the token is not valid', { cause: error });
    }
    const { header, payload } = decoded;
    if (header.crit !== undefined) throw new JwtInvalidError('critical header extensions are not supported');
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new JwtInvalidError('the claims set is not a JSON object');
    const claims = payload as JsonObject;
    // Time claims must be numbers, as RFC 7519 says and jose checks; fast-jwt only compares the ones that are.
    for (const name of ['exp', 'nbf', 'iat']) {
      if (claims[name] !== undefined && (typeof claims[name] !== 'number' || !Number.isFinite(claims[name]))) throw new JwtInvalidError(`"${name}" must be a number`);
    }
    return claims;
  };
}
