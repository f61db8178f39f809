import { DEFAULT_INSTALLATION_ID } from '../storage/store.ts';
import { TokenExpiredError, UnauthorizedError } from '../errors.ts';
import { hs256Verifier, JwtClaimError, JwtExpiredError, JwtInvalidError, unverifiedClaims } from './hs256.ts';
import { subdomainOfIssuer } from './issuer.ts';

/** Zendesk's proxy signs `exp` from the request time; clocks on both sides may drift this much. */
export const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Longest token lifetime accepted (`exp - iat`). The sidebar asks Zendesk's proxy for 60 s tokens, one per request;
 * an hour leaves room for a token signed by hand (the start banner's curl example) and nothing longer.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

/** The one installation there is while one shared secret (TRIAGE_SHARED_SECRET) signs every token. */
export { DEFAULT_INSTALLATION_ID };

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
 * Checks an installation token; throws the hs256 errors. `refresh`, when there, is asked once after a token naming an
 * issuer the verifier does not know failed: true when the registry changed, so the token is worth a second try.
 */
export type InstallationVerifier = ((token: string) => VerifiedToken) & {
  readonly refresh?: () => Promise<boolean>;
};

type KeyVerifier = (token: string) => Record<string, unknown>;

function keyVerifier(secret: string): KeyVerifier {
  return hs256Verifier(secretKey(secret), {
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    maxLifetimeSeconds: MAX_TOKEN_LIFETIME_SECONDS,
  });
}

/** Tokens signed with one shared secret, all of them `installation`'s; made once per secret. */
export function installationVerifier(
  secret: string,
  installation: Installation = { id: DEFAULT_INSTALLATION_ID },
): InstallationVerifier {
  const verify = keyVerifier(secret);
  return (token) => ({ installation, claims: verify(token) });
}

/** A registered installation's keys as the verifier holds them (in memory, unsealed). */
export interface InstallationKeys {
  readonly id: string;
  readonly subdomain: string;
  readonly sharedSecret: string;
  /** The secret before the last rotation, accepted until `validUntilMs` (epoch ms). */
  readonly previous: { readonly sharedSecret: string; readonly validUntilMs: number } | null;
}

/** The registered installations by subdomain, kept in memory so verifying a token stays synchronous. */
export interface InstallationKeyring {
  bySubdomain(subdomain: string): InstallationKeys | undefined;
  /** Reloads unless it did so less than a second ago; true when the installations changed. */
  refreshSoon(): Promise<boolean>;
}

/** A token whose `iss` names a subdomain that is not registered, and that the default secret did not sign either. */
export class UnknownIssuerError extends JwtInvalidError {}

/**
 * Tokens of registered installations and of the default one. The unverified `iss` picks the keys: a registered
 * subdomain's token must verify with that installation's current secret (or, within the rotation grace, its previous
 * one) and nothing else; any other token (no `iss`, or an `iss` not registered) must verify with the default secret
 * and belongs to the default installation. So no registered installation is reachable with the default secret, nor
 * the default installation (or another one) with a registered installation's secret.
 */
export function registryVerifier(
  keyring: InstallationKeyring,
  defaultSecret: string,
  options: { now?: () => number } = {},
): InstallationVerifier {
  const now = options.now ?? Date.now;
  const verifyDefault = installationVerifier(defaultSecret);
  // Compiled once per keys object; a reload makes new objects and the old ones are collected with their verifiers.
  const compiled = new WeakMap<InstallationKeys, { current: KeyVerifier; previous: KeyVerifier | null }>();
  const verifiersOf = (keys: InstallationKeys) => {
    let entry = compiled.get(keys);
    if (!entry) {
      entry = {
        current: keyVerifier(keys.sharedSecret),
        previous: keys.previous ? keyVerifier(keys.previous.sharedSecret) : null,
      };
      compiled.set(keys, entry);
    }
    return entry;
  };
  const verify = (token: string): VerifiedToken => {
    const subdomain = subdomainOfIssuer(unverifiedClaims(token)?.iss);
    const keys = subdomain === null ? undefined : keyring.bySubdomain(subdomain);
    if (keys === undefined) {
      try {
        return verifyDefault(token);
      } catch (error) {
        const signedByDefault = error instanceof JwtExpiredError || error instanceof JwtClaimError;
        if (subdomain !== null && !signedByDefault) throw new UnknownIssuerError('unknown issuer', { cause: error });
        throw error;
      }
    }
    const installation = { id: keys.id };
    const { current, previous } = verifiersOf(keys);
    try {
      return { installation, claims: current(token) };
    } catch (error) {
      // Expired or a bad time claim: the current secret signed it, so the previous one has nothing to add.
      const signedByCurrent = error instanceof JwtExpiredError || error instanceof JwtClaimError;
      if (signedByCurrent || previous === null || keys.previous === null || now() > keys.previous.validUntilMs)
        throw error;
      return { installation, claims: previous(token) };
    }
  };
  return Object.assign(verify, { refresh: () => keyring.refreshSoon() });
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
    try {
      return verify(token);
    } catch (error) {
      // An installation added on another instance a moment ago: look again (at most once a second), then retry once.
      if (error instanceof UnknownIssuerError && verify.refresh && (await verify.refresh())) return verify(token);
      throw error;
    }
  } catch (error) {
    if (error instanceof JwtExpiredError) throw new TokenExpiredError(error);
    if (error instanceof JwtClaimError) throw new UnauthorizedError(claimMessage(error), error);
    throw new UnauthorizedError("the token is not valid for this server; check the app's shared secret", error);
  }
}
