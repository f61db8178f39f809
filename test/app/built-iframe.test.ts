import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaxonomyView } from '../../src/contract/index.ts';
import { parseTaxonomy, taxonomyView as taxonomyViewOf } from '../../src/taxonomy/index.ts';
import { taxonomyView, ticketFields, triageResult } from './support/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serve(
  handler: (path: string) => { type: string; body: string } | null,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const answer = handler(new URL(request.url ?? '/', 'http://x').pathname);
    if (!answer) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': answer.type }).end(answer.body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    }),
  );
}

/** A minimal Zendesk host: the ZAF postMessage protocol, enough for the real bundled SDK to register and call. */
function hostPage(
  appUrl: string,
  appOrigin: string,
  options: { width?: number; taxonomy?: TaxonomyView } = {},
): string {
  const fixtures = JSON.stringify({
    fields: ticketFields,
    triage: triageResult(),
    taxonomy: options.taxonomy ?? taxonomyView,
  });
  return `<!doctype html><html><body><iframe id="app" src="${appUrl}" style="width:${options.width ?? 340}px;height:900px;border:0"></iframe><script>
const { fields, triage, taxonomy } = ${fixtures};
const frame = document.getElementById('app');
window.calls = [];
const send = (message) => frame.contentWindow.postMessage(JSON.stringify(message), '${appOrigin}');
window.addEventListener('message', (event) => {
  if (event.origin !== '${appOrigin}') return;
  const data = JSON.parse(event.data);
  window.calls.push(data);
  if (data.key === 'iframe.handshake') send({ key: 'zaf.app.registered', message: { metadata: { settings: { backend_url: 'https://backend.invalid' } }, context: { location: 'ticket_sidebar', account: { subdomain: 'acme' } } } });
  else if (data.request === 'get') send({ id: data.id, result: Object.fromEntries(data.params.filter((p) => p in fields).map((p) => [p, fields[p]])) });
  else if (data.request === 'set' || data.request === 'invoke') send({ id: data.id, result: {} });
  else if (/^request:\\d+$/.test(data.key)) {
    // Relative URLs are Zendesk's own API (the account's groups); absolute ones the backend.
    const path = new URL(data.message.url, 'https://acme.zendesk.com').pathname;
    const body = path === '/v1/triage' ? triage : path === '/v1/taxonomy' ? taxonomy : path === '/v1/feedback' ? { id: 'f1', duplicate: false } : path === '/api/v2/groups.json' ? { groups: [] } : { hits: [] };
    send({ key: 'zaf.' + data.key + '.done', message: { responseArgs: [body] } });
  }
});
</script></body></html>`;
}

describe('built sidebar', () => {
  let outDir = '';
  let browser: Browser | null = null;
  const servers: Server[] = [];
  let hostUrl = '';
  let appOrigin = '';

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'triage-iframe-'));
    await build({
      configFile: join(import.meta.dirname, '../../vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    const app = await serve((path) => {
      const file = normalize(join(outDir, path));
      if (!file.startsWith(outDir)) return null;
      try {
        return { type: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file, 'utf8') };
      } catch {
        return null;
      }
    });
    servers.push(app.server);
    let hostOrigin = '';
    const appUrl = () => `${app.origin}/iframe.html?origin=${encodeURIComponent(hostOrigin)}&app_guid=guid-1`;
    // `/narrow.html`: Zendesk's ~320px sidebar with the project's own taxonomy, whose label names are long.
    const projectTaxonomy = taxonomyViewOf(
      parseTaxonomy(readFileSync(join(import.meta.dirname, '../../config/taxonomy.yaml'), 'utf8')),
    );
    const host = await serve((path) =>
      path === '/host.html'
        ? { type: 'text/html', body: hostPage(appUrl(), app.origin) }
        : path === '/narrow.html'
          ? { type: 'text/html', body: hostPage(appUrl(), app.origin, { width: 320, taxonomy: projectTaxonomy }) }
          : null,
    );
    servers.push(host.server);
    hostOrigin = host.origin;
    hostUrl = `${host.origin}/host.html`;
    appOrigin = app.origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  async function newPage() {
    if (!browser) throw new Error('browser did not start');
    return browser.newPage();
  }

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) server.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('iframe.html refers only to relative, local files (the ZAF SDK is bundled, no CDN)', () => {
    const html = readFileSync(join(outDir, 'iframe.html'), 'utf8');
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\.\/app\//);
    expect(html).not.toMatch(/zdassets|https?:\/\//);
  });

  it('registers with a host over postMessage and shows the draft, loading nothing from elsewhere', async () => {
    const page = await newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(hostUrl);
    const frame = page.frameLocator('#app');
    await frame.getByRole('heading', { name: 'Billing' }).waitFor({ timeout: 20_000 });
    await frame.getByRole('button', { name: 'Accept' }).click();
    await frame.getByText('Applied: 2 tags, priority and type.').waitFor({ timeout: 10_000 });

    const calls = await page.evaluate(
      () =>
        (
          window as unknown as {
            calls: Array<{
              key?: string;
              request?: string;
              params?: unknown;
              message?: { url?: string; secure?: boolean };
            }>;
          }
        ).calls,
    );
    expect(
      calls.find((call) => call.request === 'invoke' && JSON.stringify(call.params).includes('ticket.tags.add'))
        ?.params,
    ).toEqual({ 'ticket.tags.add': [['refund', 'invoice']] });
    const requests = calls.filter((call) => call.key?.startsWith('request:')).map((call) => call.message);
    const backendCalls = requests.filter((message) => message?.url?.startsWith('https://backend.invalid/'));
    // Everything else is Zendesk's own API, by path and without the proxy's secret: the account's groups.
    expect(requests.filter((message) => !backendCalls.includes(message))).toEqual([
      expect.objectContaining({ url: '/api/v2/groups.json?page[size]=100', type: 'GET' }),
    ]);
    expect(requests.find((message) => message?.url?.startsWith('/api/v2/groups'))?.secure).toBeUndefined();
    expect(backendCalls.map((message) => new URL(message?.url ?? '').pathname)).toEqual(
      expect.arrayContaining(['/v1/triage', '/v1/taxonomy', '/v1/feedback']),
    );
    expect(backendCalls.every((message) => message?.secure === true)).toBe(true);
    expect(errors).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(appOrigin) && !url.startsWith(new URL(hostUrl).origin))).toEqual(
      [],
    );
  }, 60_000);

  it('can be used from the keyboard alone: Tab to the label search, type, pick a label', async () => {
    const page = await newPage();
    await page.goto(hostUrl);
    const frame = page.frameLocator('#app');
    await frame.getByRole('heading', { name: 'Billing' }).waitFor({ timeout: 20_000 });
    await frame.getByRole('button', { name: 'Reject' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => frame.locator(':focus').getAttribute('role')).toBe('combobox');
    await page.keyboard.type('risk');
    await expect.poll(() => frame.getByRole('option').allTextContents()).toEqual(['Churn risk']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await frame.getByText('Corrected to Churn risk. Type and priority updated.').waitFor({ timeout: 10_000 });
    const calls = await page.evaluate(
      () => (window as unknown as { calls: Array<{ key?: string; message?: { url?: string; data?: string } }> }).calls,
    );
    const feedback = calls
      .filter((call) => call.message?.url?.endsWith('/v1/feedback'))
      .map((call) => JSON.parse(call.message?.data ?? '{}') as { correctedLabel?: string });
    expect(feedback).toEqual([
      expect.objectContaining({ kind: 'correct', label: 'billing', correctedLabel: 'churn_risk' }),
    ]);
  }, 60_000);

  it('keeps the correction list inside a 320px sidebar, long label names included', async () => {
    const page = await newPage();
    await page.goto(hostUrl.replace('/host.html', '/narrow.html'));
    const frame = page.frameLocator('#app');
    await frame.getByRole('heading', { name: 'Billing and payments' }).waitFor({ timeout: 20_000 });
    await frame.getByText('Search labels').click();
    await frame.getByRole('option', { name: 'Churn or public complaint threat' }).waitFor();
    const menu = await frame.getByRole('listbox').evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { left: box.left, right: box.right, viewport: document.documentElement.clientWidth };
    });
    expect(menu.viewport).toBeLessThanOrEqual(320);
    expect(menu.left).toBeGreaterThanOrEqual(0);
    expect(menu.right).toBeLessThanOrEqual(menu.viewport);
  }, 60_000);
});
