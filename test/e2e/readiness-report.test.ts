/**
 * The readiness report as an admin's browser shows it: the page of the demo tickets (with drifting demo feedback)
 * opened from a file in headless Chromium with every network request refused, then a full-page screenshot.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReadinessPage } from '../../scripts/readiness-demo.ts';
import { browserAvailable, launchBrowser, projectRoot } from './support/browser.ts';

const SHOTS_DIR = join(projectRoot, 'artifacts', 'screenshots');
const PAGE_DIR = join(projectRoot, 'artifacts', 'report');

describe.runIf(browserAvailable)('readiness report in Chromium', () => {
  let browser: Browser;
  let pagePath: string;
  beforeAll(async () => {
    const { html } = await demoReadinessPage(new Date('2026-12-07T12:00:00Z'));
    await mkdir(PAGE_DIR, { recursive: true });
    pagePath = join(PAGE_DIR, 'readiness-report.html');
    await writeFile(pagePath, html);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders offline: verdict, every chart drawn, tables, drift; no request leaves the file', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`file://${pagePath}`);

    expect(await page.locator('h1').innerText()).toBe('Readiness report');
    // The demo feedback drifts in its last two weeks: the verdict says not to trust auto-apply, and why.
    const verdict = page.getByTestId('verdict');
    expect(await verdict.innerText()).toMatch(/Do not trust auto-apply yet[\s\S]*Agents agreed less/);
    for (const id of ['bands', 'coverage-precision', 'reliability', 'per-label', 'agreement']) {
      const box = await page.locator(`#chart-${id} svg`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(300);
      expect(box!.height, id).toBeGreaterThan(100);
    }
    // Vega drew marks, not empty frames: the per-label chart has a point per label and metric.
    expect(await page.locator('#chart-per-label svg path[aria-roledescription="point"]').count()).toBe(22);
    expect(await page.locator('table').first().innerText()).toMatch(/auto\s+\d+/);
    // Per label: what auto-apply holds back until the label proves itself, explained under the table.
    const perLabel = page.locator('table').nth(1);
    expect(await perLabel.locator('th').allInnerTexts()).toContain('given it, held back: not yet proven');
    expect(await page.getByText('Held back, not yet proven:', { exact: false }).count()).toBe(1);
    expect(await page.getByText('Drift:').count()).toBe(1);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);

    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, 'readiness-report.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
