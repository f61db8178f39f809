import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewTicket, PreviewTicketList, ZafProxyResponse } from '../../src/preview-host/index.ts';
import { backgroundTickets, FIRST_BACKGROUND_TICKET_ID, previewPlugin } from '../../server/preview/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';

const SECRET = 'preview-test-secret-0123456789abcdef';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

let backend: FastifyInstance;
let backendUrl: string;
let app: FastifyInstance;
let dir: string;
const seen: Seen[] = [];

beforeAll(async () => {
  backend = Fastify();
  backend.all('/*', async (request, reply) => {
    seen.push({ method: request.method, url: request.url, headers: request.headers, body: request.body });
    if (request.url.startsWith('/v1/limited'))
      return reply
        .code(429)
        .header('retry-after', '7')
        .send({ error: { code: 'rate_limited', message: 'slow down' } });
    return { ok: true, path: request.url };
  });
  backendUrl = await backend.listen({ host: '127.0.0.1', port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'preview-plugin-'));
  await mkdir(join(dir, 'assets', 'app'), { recursive: true });
  await mkdir(join(dir, 'preview'), { recursive: true });
  await writeFile(join(dir, 'assets', 'iframe.html'), '<!doctype html><title>app</title>');
  await writeFile(join(dir, 'assets', 'app', 'main.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside');
  await symlink(join(dir, 'secret.txt'), join(dir, 'assets', 'linked.txt'));
  await writeFile(join(dir, 'preview', 'index.html'), '<!doctype html><title>host</title>');
  app = Fastify();
  await app.register(
    previewPlugin({
      sharedSecret: SECRET,
      backendUrl,
      assetsDir: join(dir, 'assets'),
      previewDir: join(dir, 'preview'),
    }),
  );
});

afterAll(async () => {
  await app?.close();
  await backend?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function proxy(options: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/preview/proxy',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', ...headers },
    payload: JSON.stringify(options),
  });
}

const triageCall = {
  url: '{{setting.backend_url}}/v1/triage',
  type: 'POST',
  contentType: 'application/json',
  data: JSON.stringify({ ticket: { id: '1' } }),
  secure: true,
  headers: { Authorization: 'Bearer {{jwt.token}}' },
  jwt: {
    algorithm: 'HS256',
    secret_key: '{{setting.shared_secret}}',
    expiry: 60,
    claims: { iss: 'preview.zendesk.com' },
  },
};

describe('preview proxy', () => {
  it('fills in the backend URL, signs an HS256 JWT with the shared secret and forwards the body', async () => {
    const response = await proxy(triageCall);
    expect(response.statusCode).toBe(200);
    const forwarded = ZafProxyResponse.parse(response.json());
    expect(forwarded.status).toBe(200);
    expect(JSON.parse(forwarded.body)).toEqual({ ok: true, path: '/v1/triage' });
    const call = seen.at(-1);
    expect(call?.method).toBe('POST');
    expect(call?.body).toEqual({ ticket: { id: '1' } });
    const token = String(call?.headers.authorization).replace(/^Bearer /, '');
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.iss).toBe('preview.zendesk.com');
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(response.body).not.toContain(SECRET);
  });

  it('passes the backend’s error status and Retry-After through for the app to show', async () => {
    const forwarded = ZafProxyResponse.parse(
      (await proxy({ ...triageCall, url: '{{setting.backend_url}}/v1/limited' })).json(),
    );
    expect(forwarded.status).toBe(429);
    expect(forwarded.headers['retry-after']).toBe('7');
  });

  it.each([
    ['a URL on another port', { url: 'http://127.0.0.1:1/v1/triage' }, 403, 'proxy_url_not_allowed'],
    ['an outside host', { url: 'https://example.com/steal' }, 403, 'proxy_url_not_allowed'],
    ['a Zendesk API path', { url: '/api/v2/tickets.json' }, 404, 'zendesk_api_unavailable'],
    [
      'the secret in a header',
      { ...triageCall, headers: { 'X-Secret': '{{setting.shared_secret}}' } },
      400,
      'secure_setting_scope',
    ],
    [
      'the secret in the URL',
      { ...triageCall, url: '{{setting.backend_url}}/v1/x?s={{setting.shared_secret}}' },
      400,
      'secure_setting_scope',
    ],
    [
      'a secure setting without secure: true',
      { ...triageCall, secure: false },
      400,
      'secure_setting_needs_secure_request',
    ],
    ['an unknown setting', { url: '{{setting.nope}}/v1' }, 400, 'unknown_setting'],
    [
      '{{jwt.token}} without a jwt option',
      { url: '{{setting.backend_url}}/v1', headers: { Authorization: 'Bearer {{jwt.token}}' } },
      400,
      'jwt_missing',
    ],
    ['a non-HS256 algorithm', { ...triageCall, jwt: { ...triageCall.jwt, algorithm: 'none' } }, 400, 'jwt_algorithm'],
    ['options that are not request options', { url: 42 }, 400, 'invalid_request_options'],
  ])('refuses %s with a stable code and never forwards it', async (_name, options, status, code) => {
    const before = seen.length;
    const response = await proxy(options);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code } });
    expect(response.body).not.toContain(SECRET);
    expect(seen.length).toBe(before);
  });

  it('refuses a call from another web origin and a non-JSON (CORS-simple) body', async () => {
    expect((await proxy(triageCall, { origin: 'https://evil.example' })).json()).toMatchObject({
      error: { code: 'preview_origin_not_allowed' },
    });
    const form = await app.inject({
      method: 'POST',
      url: '/preview/proxy',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(triageCall),
    });
    expect(form.statusCode).toBe(415);
  });

  it('refuses callers that are not on this machine', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/preview/proxy',
      remoteAddress: '10.1.2.3',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(triageCall),
    });
    expect(response.json()).toMatchObject({ error: { code: 'preview_local_only' } });
  });

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '127.0.0.1' }],
    ['Forwarded', { forwarded: 'for=203.0.113.9' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.9' }],
  ])('refuses a request a reverse proxy on this machine relayed (%s), and forwards nothing', async (_name, headers) => {
    const before = seen.length;
    const response = await proxy(triageCall, headers);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'preview_local_only' } });
    expect(seen.length).toBe(before);
  });

  it('answers 502 backend_unreachable when the backend is down', async () => {
    const down = Fastify();
    const closedUrl = await down.listen({ host: '127.0.0.1', port: 0 });
    await down.close();
    const downApp = Fastify();
    await downApp.register(
      previewPlugin({ sharedSecret: SECRET, backendUrl: closedUrl, assetsDir: dir, previewDir: dir }),
    );
    const response = await downApp.inject({
      method: 'POST',
      url: '/preview/proxy',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(triageCall),
    });
    await downApp.close();
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ error: { code: 'backend_unreachable' } });
  });
});

describe('preview pages and assets', () => {
  it('redirects the root to the preview page', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/preview');
  });

  it('serves the host page, the built app and its files with their content types', async () => {
    const page = await app.inject('/preview');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<title>host</title>');
    expect((await app.inject('/assets/iframe.html')).body).toContain('<title>app</title>');
    expect((await app.inject('/assets/app/main.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('serves the same host page at /preview/review, the nav_bar review queue view', async () => {
    const page = await app.inject('/preview/review');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<title>host</title>');
  });

  it.each([
    ['/assets/../secret.txt'],
    ['/assets/%2e%2e/secret.txt'],
    ['/assets/linked.txt'],
    ['/assets/missing.js'],
    ['/assets/app'],
  ])('answers 404 for %s', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('outside');
  });

  it('gives the page non-secure settings only', async () => {
    const config = await app.inject('/preview/api/config');
    expect(config.json()).toMatchObject({ settings: { backend_url: backendUrl } });
    expect(config.body).not.toContain(SECRET);
  });

  it('lists new demo tickets, one per label, and opens history tickets by their demo id', async () => {
    const list = PreviewTicketList.parse((await app.inject('/preview/api/tickets')).json());
    expect(list.tickets.length).toBeGreaterThanOrEqual(11);
    expect(new Set(list.tickets.map((ticket) => ticket.locale)).size).toBeGreaterThanOrEqual(5);
    const first = PreviewTicket.parse((await app.inject(`/preview/api/tickets/${list.tickets[0]?.id}`)).json());
    expect(first).toMatchObject({ status: 'new', priority: null, tags: [] });
    const history = PreviewTicket.parse((await app.inject('/preview/api/tickets/demo-0042')).json());
    expect(history.id).toBe('demo-0042');
    expect((await app.inject('/preview/api/tickets/nope')).statusCode).toBe(404);
  });
});

describe('preview new tickets in the local Zendesk', () => {
  let local: FakeZendesk;
  let withZendesk: FastifyInstance;

  beforeAll(async () => {
    local = await startFakeZendesk({ firstTicketId: FIRST_BACKGROUND_TICKET_ID });
    withZendesk = Fastify();
    await withZendesk.register(
      previewPlugin({
        sharedSecret: SECRET,
        backendUrl,
        assetsDir: join(dir, 'assets'),
        previewDir: join(dir, 'preview'),
        background: backgroundTickets(local),
      }),
    );
  });
  afterAll(async () => {
    await withZendesk?.close();
    await local?.close();
  });

  const create = (payload: unknown, headers: Record<string, string> = {}, remoteAddress?: string) =>
    withZendesk.inject({
      method: 'POST',
      url: '/preview/api/tickets',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  it('creates the ticket in the local Zendesk, lists it first and shows what the write-back changes', async () => {
    const config = (await withZendesk.inject('/preview/api/config')).json<{ backgroundTriage: boolean }>();
    expect(config.backgroundTriage).toBe(true);
    const response = await create({ subject: 'Refund please', description: 'Order 7 arrived broken.' });
    expect(response.statusCode).toBe(201);
    const ticket = PreviewTicket.parse(response.json());
    expect(ticket).toMatchObject({ id: FIRST_BACKGROUND_TICKET_ID, subject: 'Refund please', tags: [], groupId: null });
    expect(local.tickets.get(FIRST_BACKGROUND_TICKET_ID)?.description).toBe('Order 7 arrived broken.');
    const list = PreviewTicketList.parse((await withZendesk.inject('/preview/api/tickets')).json());
    expect(list.tickets[0]?.id).toBe(FIRST_BACKGROUND_TICKET_ID);
    // The write-back lands in the local Zendesk; the page reads the ticket afresh.
    local.touch(FIRST_BACKGROUND_TICKET_ID, { tags: ['triage_auto', 'refund'] });
    const read = await withZendesk.inject(`/preview/api/tickets/${FIRST_BACKGROUND_TICKET_ID}`);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(PreviewTicket.parse(read.json()).tags).toEqual(['triage_auto', 'refund']);
  });

  it.each([
    [{ subject: '', description: 'x' }, 'subject'],
    [{ subject: 'Hi' }, 'description'],
    [{ subject: 'Hi', description: 'x'.repeat(20_001) }, 'description'],
  ])('refuses %j with 400 invalid_ticket naming the field, creating nothing', async (payload, field) => {
    const before = local.tickets.size;
    const response = await create(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_ticket' } });
    expect(response.json<{ error: { message: string } }>().error.message).toContain(field);
    expect(local.tickets.size).toBe(before);
  });

  it('refuses other origins and other machines, and is off without a local Zendesk', async () => {
    expect((await create({ subject: 'a', description: 'b' }, { origin: 'https://evil.example' })).json()).toMatchObject(
      { error: { code: 'preview_origin_not_allowed' } },
    );
    expect((await create({ subject: 'a', description: 'b' }, {}, '10.1.2.3')).json()).toMatchObject({
      error: { code: 'preview_local_only' },
    });
    const off = await app.inject({
      method: 'POST',
      url: '/preview/api/tickets',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ subject: 'a', description: 'b' }),
    });
    expect(off.statusCode).toBe(404);
    expect(off.json()).toMatchObject({ error: { code: 'background_triage_off' } });
  });
});
