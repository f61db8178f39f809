import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src/contract/index.ts';
import { signInstallationToken } from '../../server/auth/index.ts';
import { SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { testRuntime } from '../support/test-runtime.ts';

let server: RunningApp;
beforeAll(async () => {
  server = await startApp(testRuntime());
});
afterAll(async () => {
  await server.close();
});

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

async function expectRefused(authorization: string | null, code: string): Promise<string> {
  const response = await server.call('GET', '/v1/taxonomy', { authorization });
  expect(response.status).toBe(401);
  const { error } = ErrorBody.parse(await response.json());
  expect(error.code).toBe(code);
  return error.message;
}

const sharedKey = new TextEncoder().encode(SHARED_SECRET);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const inAMinute = () => nowSeconds() + 60;
/** Signed as by hand, whatever the claims' types. */
function handSigned(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', SHARED_SECRET).update(input).digest('base64url')}`;
}
const GENERIC = "the token is not valid for this server; check the app's shared secret";

describe('installation JWT on /v1 routes', () => {
  it('accepts a fresh HS256 token signed with the shared secret', async () => {
    expect((await server.call('GET', '/v1/taxonomy')).status).toBe(200);
  });

  it('refuses a request without Authorization', () => expectRefused(null, 'UNAUTHORIZED'));

  it('refuses a scheme other than Bearer', async () =>
    expectRefused(`Basic ${await signInstallationToken(SHARED_SECRET)}`, 'UNAUTHORIZED'));

  it('refuses a token signed with another secret, pointing to the shared secret', async () =>
    expect(
      await expectRefused(`Bearer ${await signInstallationToken('another-secret-0123456789abcdef')}`, 'UNAUTHORIZED'),
    ).toBe(GENERIC));

  it('refuses a tampered token', async () => {
    const token = await signInstallationToken(SHARED_SECRET);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'evil', exp: Math.floor(Date.now() / 1000) + 600 })).toString(
      'base64url',
    );
    await expectRefused(`Bearer ${header}.${forged}.${signature}`, 'UNAUTHORIZED');
  });

  it('refuses a token expired beyond the 60 s clock skew', async () =>
    expectRefused(
      `Bearer ${await signInstallationToken(SHARED_SECRET, { now: secondsAgo(200), expiresInSeconds: 60 })}`,
      'TOKEN_EXPIRED',
    ));

  it('accepts a token expired within the 60 s clock skew', async () => {
    const token = await signInstallationToken(SHARED_SECRET, { now: secondsAgo(90), expiresInSeconds: 60 });
    expect((await server.call('GET', '/v1/taxonomy', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('refuses a token without exp, saying exp is missing and how to set it, without echoing the token', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('acme').sign(sharedKey);
    const message = await expectRefused(`Bearer ${token}`, 'UNAUTHORIZED');
    expect(message).toMatch(/no "exp" claim/);
    expect(message).toMatch(/seconds since 1970/);
    expect(message).not.toContain(token.split('.')[1]);
  });

  it.each([
    ['exp a string', { exp: 'tomorrow' }, 'exp'],
    ['exp an array', { exp: [1] }, 'exp'],
    ['nbf a string', { exp: 'later', nbf: 'soon' }, 'exp'],
    ['iat a string', { iat: 'yesterday' }, 'iat'],
  ])('refuses a correctly signed token with %s, naming the claim', async (_name, claims, claim) => {
    const token = handSigned({ exp: inAMinute(), ...claims });
    const message = await expectRefused(`Bearer ${token}`, 'UNAUTHORIZED');
    expect(message).toBe(`the token's "${claim}" claim must be a number of seconds since 1970`);
    expect(message).not.toContain('tomorrow');
  });

  it.each([
    [
      'exp ten years ahead',
      () => ({ iat: nowSeconds(), exp: nowSeconds() + 10 * 365 * 86_400 }),
      /valid for more than 3600 s/,
    ],
    ['exp = 1e308', () => ({ exp: 1e308 }), /valid for more than 3600 s/],
    [
      'iat a day in the future',
      () => ({ iat: nowSeconds() + 86_400, exp: nowSeconds() + 86_460 }),
      /"iat" claim is more than 60 s ahead/,
    ],
  ])('refuses a correctly signed token with %s, saying how to sign it', async (_name, claims, message) => {
    expect(await expectRefused(`Bearer ${handSigned(claims())}`, 'UNAUTHORIZED')).toMatch(message);
  });

  it("accepts the start banner's hand-signed token, valid for one hour", async () => {
    const token = await signInstallationToken(SHARED_SECRET, { expiresInSeconds: 3600 });
    expect((await server.call('GET', '/v1/taxonomy', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('keeps the generic message for a token without exp signed with another secret', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('another-secret-0123456789abcdef'));
    expect(await expectRefused(`Bearer ${token}`, 'UNAUTHORIZED')).toBe(GENERIC);
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: 'acme', exp: Math.floor(Date.now() / 1000) + 60 })).toString(
      'base64url',
    );
    await expectRefused(`Bearer ${header}.${payload}.`, 'UNAUTHORIZED');
  });

  it('refuses garbage', () => expectRefused('Bearer not.a.jwt', 'UNAUTHORIZED'));
});
