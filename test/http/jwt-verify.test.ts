import { createHmac } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hs256Verifier, JwtClaimError, JwtExpiredError, JwtInvalidError } from '../../server/auth/hs256.ts';

const SECRET = new TextEncoder().encode('jwt-verify-test-secret-0123456789abcdef');
const OTHER = new TextEncoder().encode('another-secret-0123456789abcdef-xyz');
const NOW = new Date('2026-11-30T12:00:00Z');
const now = Math.floor(NOW.getTime() / 1000);
const TOLERANCE = 60;
const MAX_LIFETIME = 3600;
const verifyAtNow = hs256Verifier(SECRET, {
  clockToleranceSeconds: TOLERANCE,
  maxLifetimeSeconds: MAX_LIFETIME,
  now: NOW,
});

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

async function signed(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
  key = SECRET,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

/** What jose's jwtVerify, the reference, says about a token: accepted, expired or invalid. */
async function reference(token: string): Promise<string> {
  try {
    await jwtVerify(token, SECRET, {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      clockTolerance: TOLERANCE,
      currentDate: NOW,
    });
    return 'accepted';
  } catch (error) {
    return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
  }
}

function ours(token: string): string {
  try {
    verifyAtNow(token);
    return 'accepted';
  } catch (error) {
    return error instanceof JwtExpiredError ? 'expired' : 'invalid';
  }
}

const cases: [string, () => Promise<string> | string, string][] = [
  ['a valid token', () => signed({ iss: 'acme', exp: now + 60 }), 'accepted'],
  ['extra claims', () => signed({ subdomain: 'acme', exp: now + 60, iat: now, nbf: now - 5, aud: 'x' }), 'accepted'],
  ['expired within the tolerance', () => signed({ exp: now - 30 }), 'accepted'],
  ['expired beyond the tolerance', () => signed({ exp: now - 200 }), 'expired'],
  ['no exp', () => signed({ iss: 'acme' }), 'invalid'],
  ['exp a string', () => signed({ exp: String(now + 60) }), 'invalid'],
  ['iat a string', () => signed({ exp: now + 60, iat: 'yesterday' }), 'invalid'],
  ['nbf beyond the tolerance', () => signed({ exp: now + 600, nbf: now + 120 }), 'invalid'],
  ['nbf within the tolerance', () => signed({ exp: now + 600, nbf: now + 30 }), 'accepted'],
  ['nbf a string', () => signed({ exp: now + 600, nbf: 'soon' }), 'invalid'],
  ['another secret', () => signed({ exp: now + 60 }, undefined, OTHER), 'invalid'],
  ['HS512 with the same secret', () => signed({ exp: now + 60 }, { alg: 'HS512' }), 'invalid'],
  ['HS384 with the same secret', () => signed({ exp: now + 60 }, { alg: 'HS384' }), 'invalid'],
  ['alg none', () => `${b64({ alg: 'none' })}.${b64({ exp: now + 60 })}.`, 'invalid'],
  [
    'a crit header',
    () => resigned(b64({ alg: 'HS256', crit: ['x-ext'], 'x-ext': 1 }), b64({ exp: now + 60 })),
    'invalid',
  ],
  [
    'a signature of the wrong length',
    () => `${b64({ alg: 'HS256' })}.${b64({ exp: now + 60 })}.${b64('short')}`,
    'invalid',
  ],
  ['an expired token signed with another secret', () => signed({ exp: now - 200 }, undefined, OTHER), 'invalid'],
  ['a claims set that is an array', () => tamperedPayload('[1,2]'), 'invalid'],
  ['a claims set that is not JSON', () => tamperedPayload('not json'), 'invalid'],
  ['a header that is not JSON', () => resigned('{alg', b64({ exp: now + 60 })), 'invalid'],
  ['a header that is an array', () => resigned(b64([1]), b64({ exp: now + 60 })), 'invalid'],
  ['a truncated signature', async () => (await signed({ exp: now + 60 })).slice(0, -4), 'invalid'],
  ['four parts', async () => `${await signed({ exp: now + 60 })}.x`, 'invalid'],
  ['two parts', () => `${b64({ alg: 'HS256' })}.${b64({ exp: now + 60 })}`, 'invalid'],
  ['garbage', () => 'not.a.jwt', 'invalid'],
  ['empty', () => '', 'invalid'],
];

/** A token whose payload is `payload` (base64url of raw text), correctly signed with SECRET. */
function tamperedPayload(payload: string): string {
  return resigned(b64({ alg: 'HS256' }), b64(payload));
}

function resigned(header: string, payload: string): string {
  return `${header}.${payload}.${createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url')}`;
}

describe('hs256Verifier (fast-jwt)', () => {
  it.each(cases)('answers as jose jwtVerify does for %s', async (_name, make, expected) => {
    const token = await make();
    expect(await reference(token)).toBe(expected);
    expect(ours(token)).toBe(expected);
  });

  // Where fast-jwt and jose part, on purpose or harmlessly: what ours does is pinned here.
  it.each([
    // RFC 7515 compact form has no padding; jose tolerates it, fast-jwt refuses it. Zendesk's proxy never pads.
    ['padding in the signature', async () => `${await signed({ exp: now + 60 })}=`, 'accepted', 'invalid'],
    // The tolerance boundary itself: jose says expired at exactly exp + 60 s, fast-jwt one second later.
    ['expired exactly at the tolerance', () => signed({ exp: now - TOLERANCE }), 'expired', 'accepted'],
    ['expired one second past the tolerance', () => signed({ exp: now - TOLERANCE - 1 }), 'expired', 'expired'],
  ] as const)('differs from jose only as pinned for %s', async (_name, make, joseSays, weSay) => {
    const token = await make();
    expect(await reference(token)).toBe(joseSays);
    expect(ours(token)).toBe(weSay);
  });

  it.each([
    ['no exp', () => signed({ iss: 'acme' }), 'exp', 'missing'],
    ['exp a string', () => signed({ exp: String(now + 60) }), 'exp', 'not_a_number'],
    ['exp an array', () => signed({ exp: [now + 60] }), 'exp', 'not_a_number'],
    ['exp null', () => signed({ exp: null }), 'exp', 'not_a_number'],
    ['exp too large to be finite', () => resigned(b64({ alg: 'HS256' }), b64('{"exp":1e400}')), 'exp', 'not_a_number'],
    ['nbf a string', () => signed({ exp: now + 600, nbf: 'soon' }), 'nbf', 'not_a_number'],
    ['iat a string', () => signed({ exp: now + 60, iat: 'yesterday' }), 'iat', 'not_a_number'],
  ] as const)('names the time claim of a correctly signed token with %s', async (_name, make, claim, problem) => {
    const token = await make();
    const error = (() => {
      try {
        verifyAtNow(token);
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(JwtClaimError);
    expect(error).toMatchObject({ claim, problem });
  });

  it.each([
    ['no exp, signed with another secret', () => signed({ iss: 'acme' }, undefined, OTHER)],
    ['exp a string, signed with another secret', () => signed({ exp: 'x' }, undefined, OTHER)],
    ['no exp, unsigned', () => `${b64({ alg: 'none' })}.${b64({ iss: 'acme' })}.`],
  ])('does not say which claim is wrong for a token with %s', async (_name, make) => {
    const token = await make();
    expect(() => verifyAtNow(token)).toThrow(JwtInvalidError);
    expect(() => verifyAtNow(token)).not.toThrow(JwtClaimError);
  });

  it.each([
    ['exp ten years ahead', () => signed({ iat: now, exp: now + 10 * 365 * 86_400 }), 'exp', 'lifetime_too_long'],
    ['exp ten years ahead without iat', () => signed({ exp: now + 10 * 365 * 86_400 }), 'exp', 'lifetime_too_long'],
    ['exp = 1e308', () => resigned(b64({ alg: 'HS256' }), b64('{"exp":1e308}')), 'exp', 'lifetime_too_long'],
    [
      'exp an hour and a second after iat',
      () => signed({ iat: now, exp: now + MAX_LIFETIME + 1 }),
      'exp',
      'lifetime_too_long',
    ],
    ['iat a day in the future', () => signed({ iat: now + 86_400, exp: now + 86_400 + 60 }), 'iat', 'in_the_future'],
    [
      'iat just beyond the clock skew',
      () => signed({ iat: now + TOLERANCE + 1, exp: now + TOLERANCE + 61 }),
      'iat',
      'in_the_future',
    ],
  ] as const)('refuses a correctly signed token with %s, which jose accepts', async (_name, make, claim, problem) => {
    const token = await make();
    expect(await reference(token)).toBe('accepted');
    expect(() => verifyAtNow(token)).toThrow(expect.objectContaining({ claim, problem }));
  });

  it.each([
    ['a lifetime of exactly the cap', () => signed({ iat: now, exp: now + MAX_LIFETIME })],
    ['no iat and exp exactly the cap ahead', () => signed({ exp: now + MAX_LIFETIME })],
    ['iat within the clock skew ahead', () => signed({ iat: now + TOLERANCE, exp: now + TOLERANCE + 60 })],
  ])('accepts %s', async (_name, make) => {
    expect(ours(await make())).toBe('accepted');
  });

  it('does not say that the lifetime is too long for a token signed with another secret', async () => {
    const token = await signed({ iat: now, exp: now + 10 * 365 * 86_400 }, undefined, OTHER);
    expect(() => verifyAtNow(token)).toThrow(JwtInvalidError);
    expect(() => verifyAtNow(token)).not.toThrow(JwtClaimError);
  });

  it('returns the claims of a valid token', async () => {
    const claims = verifyAtNow(await signed({ iss: 'acme', exp: now + 60 }));
    expect(claims).toEqual({ iss: 'acme', exp: now + 60 });
  });
});
