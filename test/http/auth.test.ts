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

async function expectRefused(authorization: string | null, code: string) {
  const response = await server.call('GET', '/v1/taxonomy', { authorization });
  expect(response.status).toBe(401);
  expect(ErrorBody.parse(await response.json()).error.code).toBe(code);
}

describe('installation JWT on /v1 routes', () => {
  it('accepts a fresh HS256 token signed with the shared secret', async () => {
    expect((await server.call('GET', '/v1/taxonomy')).status).toBe(200);
  });

  it('refuses a request without Authorization', () => expectRefused(null, 'UNAUTHORIZED'));

  it('refuses a scheme other than Bearer', async () => expectRefused(`Basic ${await signInstallationToken(SHARED_SECRET)}`, 'UNAUTHORIZED'));

  it('refuses a token signed with another secret', async () =>
    expectRefused(`Bearer ${await signInstallationToken('another-secret-0123456789abcdef')}`, 'UNAUTHORIZED'));

  it('refuses a tampered token', async () => {
    const token = await signInstallationToken(SHARED_SECRET);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'evil', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    await expectRefused(`Bearer ${header}.${forged}.${signature}`, 'UNAUTHORIZED');
  });

  it('refuses a token expired beyond the 60 s clock skew', async () =>
    expectRefused(`Bearer ${await signInstallationToken(SHARED_SECRET, { now: secondsAgo(200), expiresInSeconds: 60 })}`, 'TOKEN_EXPIRED'));

  it('accepts a token expired within the 60 s clock skew', async () => {
    const token = await signInstallationToken(SHARED_SECRET, { now: secondsAgo(90), expiresInSeconds: 60 });
    expect((await server.call('GET', '/v1/taxonomy', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('acme').sign(new TextEncoder().encode(SHARED_SECRET));
    await expectRefused(`Bearer ${token}`, 'UNAUTHORIZED');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: 'acme', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    await expectRefused(`Bearer ${header}.${payload}.`, 'UNAUTHORIZED');
  });

  it('refuses garbage', () => expectRefused('Bearer not.a.jwt', 'UNAUTHORIZED'));
});
