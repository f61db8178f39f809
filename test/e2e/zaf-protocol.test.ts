import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewPlugin } from '../../server/preview/index.ts';
import { browserAvailable, buildAppPage, buildPreviewPage, launchBrowser } from './support/browser.ts';

const SECRET = 'protocol-test-secret-0123456789';
const fixture = fileURLToPath(new URL('./fixtures/zaf-test-app', import.meta.url));

interface Results {
  steps: string[];
  context?: { location: string; ticketId: number };
  settings?: Record<string, string>;
  subject?: string;
  bulk?: Record<string, unknown>;
  getError?: string;
  response?: { ok: boolean; body: unknown; subject: unknown };
  failStatus?: number;
  conversationChanged?: number;
  error?: string;
}

describe.runIf(browserAvailable)('ZAF protocol with the unmodified SDK in a browser', () => {
  let dir: string;
  let backend: FastifyInstance;
  let server: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let appFrame: Frame;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zaf-protocol-'));
    await Promise.all([buildAppPage(fixture, join(dir, 'assets')), buildPreviewPage(join(dir, 'preview'))]);
    backend = Fastify();
    backend.post('/echo', async (request) => {
      const token = String(request.headers.authorization).replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET));
      return { ok: true, body: request.body, subject: payload.exp !== undefined };
    });
    backend.get('/fail', async (_request, reply) => reply.code(503).send({ error: { code: 'down', message: 'down' } }));
    const backendUrl = await backend.listen({ host: '127.0.0.1', port: 0 });
    server = Fastify();
    await server.register(
      previewPlugin({
        sharedSecret: SECRET,
        backendUrl,
        assetsDir: join(dir, 'assets'),
        previewDir: join(dir, 'preview'),
      }),
    );
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`http://localhost:${port}/preview`);
    const frameElement = await page.waitForSelector('iframe[data-testid="app-frame"]');
    const frame = await frameElement.contentFrame();
    if (!frame) throw new Error('the app iframe has no frame');
    appFrame = frame;
    await appFrame.waitForFunction(
      () => {
        const results = (window as unknown as { __results?: Results }).__results;
        return results?.steps.includes('subscribed') || results?.error !== undefined;
      },
      undefined,
      { timeout: 20_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await backend?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const results = () => appFrame.evaluate(() => (window as unknown as { __results: Results }).__results);

  it('runs the app on a different origin than the host, as Zendesk does', async () => {
    expect(new URL(page.url()).origin).toBe(`http://localhost:${port}`);
    expect(new URL(appFrame.url()).origin).toBe(`http://127.0.0.1:${port}`);
    expect(new URL(appFrame.url()).searchParams.get('origin')).toBe(`http://localhost:${port}`);
  });

  it('registers the app with context and non-secure settings only', async () => {
    const state = await results();
    expect(state.error).toBeUndefined();
    expect(state.context?.location).toBe('ticket_sidebar');
    expect(state.settings?.backend_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.stringify(state)).not.toContain(SECRET);
  });

  it('answers get with the host ticket and rejects an unknown path', async () => {
    const state = await results();
    expect(state.subject).toBe(await page.textContent('[data-testid="ticket-subject"]'));
    expect(state.bulk?.['ticket.id']).toBe(state.context?.ticketId);
    expect(Array.isArray(state.bulk?.['ticket.conversation'])).toBe(true);
    expect(state.getError).toContain('ticket.notAThing');
  });

  it('shows set priority/type and invoked tags on the host ticket', async () => {
    expect(await page.textContent('[data-testid="ticket-priority"]')).toBe('high');
    expect(await page.textContent('[data-testid="ticket-type"]')).toBe('incident');
    expect(
      await page.$$eval('[data-testid="ticket-tags"] li', (items) => items.map((item) => item.textContent)),
    ).toEqual(['from-test-app', 'second-tag']);
  });

  it('proxies request with the JWT signed server-side and rejects a failing call with its status', async () => {
    const state = await results();
    expect(state.response).toEqual({ ok: true, body: { hello: 'backend' }, subject: true });
    expect(state.failStatus).toBe(503);
  });

  it('fires ticket.conversation.changed when the host adds a comment', async () => {
    const before = ((await results()).bulk?.['ticket.conversation'] as unknown[]).length;
    await page.fill('[data-testid="reply-body"]', 'Any news?');
    await page.click('[data-testid="add-comment"]');
    await appFrame.waitForFunction(
      () => (window as unknown as { __results: Results }).__results.conversationChanged !== undefined,
    );
    expect((await results()).conversationChanged).toBe(before + 1);
    expect(await page.textContent('[data-testid="conversation"] li:last-child .body')).toBe('Any news?');
  });
});
