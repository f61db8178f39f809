/**
 * A newcomer's way to the readiness report: `triage serve` on a fresh demo install, the review queue at
 * /preview/review, its "Readiness report" link opened in a new tab, the browser giving the admin token as the
 * Basic-auth password it is asked for.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, projectRoot } from './support/browser.ts';
import { startPreviewE2E, type PreviewE2E } from './support/preview-e2e.ts';
import type { ServerProcess } from './support/server-process.ts';

const SECRET = 'e2e-report-secret-0123456789abcdef';
const ADMIN_TOKEN = 'e2e-report-admin-0123456789abcdef';
const SHOTS_DIR = join(projectRoot, 'artifacts', 'screenshots');

async function reviewFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-testid="review-frame"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the review iframe has no frame');
  return frame;
}

describe.runIf(browserAvailable)('readiness report from the review queue on the preview', () => {
  let e2e: PreviewE2E | null = null;
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;

  beforeAll(async () => {
    e2e = await startPreviewE2E({ TRIAGE_SHARED_SECRET: SECRET, TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN });
    ({ server, browser } = e2e);
  }, 300_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('opens the report in a new tab with the admin token as the password, and refuses it without', async () => {
    if (!server || !browser) throw new Error('no server or browser');
    const origin = server.url.replace('127.0.0.1', 'localhost');
    const context = await browser.newContext({
      viewport: { width: 1200, height: 900 },
      httpCredentials: { username: 'admin', password: ADMIN_TOKEN },
    });
    const page = await context.newPage();
    await page.goto(`${origin}/preview/review`);
    const frame = await reviewFrame(page);
    const link = frame.getByRole('link', { name: /Readiness report/ });
    await link.waitFor({ timeout: 60_000 });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/v1\/admin\/report\?subdomain=[a-z0-9-]+$/);

    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, 'review-queue-report-link.png') });

    const [report] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await report.waitForLoadState();
    await report.locator('h1', { hasText: 'Readiness report' }).waitFor({ timeout: 120_000 });
    expect(await report.getByTestId('verdict').innerText()).toMatch(/auto-apply/i);
    expect(await report.locator('figure svg').count()).toBeGreaterThanOrEqual(4);
    await report.screenshot({ path: join(SHOTS_DIR, 'readiness-report-preview.png'), fullPage: true });
    await context.close();

    // Without the token the same address is a Basic-auth challenge, not the page.
    const anonymous = await fetch(href!);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
  }, 240_000);
});
