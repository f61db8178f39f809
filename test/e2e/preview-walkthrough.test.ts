/**
 * Friction from a walkthrough of the sidebar and the preview (issue 15, items 5–7), checked in the real thing:
 * `triage serve` with demo data, the built sidebar in the preview host, chromium. Screenshots go to
 * artifacts/screenshots/walkthrough-*.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimilarResponse, TriageResult } from '../../src/contract/index.ts';
import { PreviewTicket, ZafProxyResponse, ZafRequestOptions } from '../../src/preview-host/index.ts';
import { browserAvailable, projectRoot } from './support/browser.ts';
import { startPreviewE2E, type PreviewE2E } from './support/preview-e2e.ts';
import type { ServerProcess } from './support/server-process.ts';

const SECRET = 'e2e-shared-secret-0123456789abcdef';
const SHOTS_DIR = join(projectRoot, 'artifacts', 'screenshots');
const FIRST_TICKET = '100001';
const LOCALES = ['de', 'en', 'es', 'fr', 'ja', 'vi'];

/** The backend URL a proxied `client.request` went to, when it calls this backend path. */
function proxiedUrl(request: Request, path: string): URL | null {
  if (!request.url().endsWith('/preview/proxy') || request.method() !== 'POST') return null;
  const options = ZafRequestOptions.safeParse(JSON.parse(request.postData() ?? 'null'));
  if (!options.success) return null;
  const url = new URL(options.data.url.replace('{{setting.backend_url}}', 'http://backend'));
  return url.pathname.startsWith(path) ? url : null;
}

async function backendAnswer(response: { json(): Promise<unknown> }): Promise<unknown> {
  return JSON.parse(ZafProxyResponse.parse(await response.json()).body) as unknown;
}

async function appFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('iframe[data-testid="app-frame"]')).contentFrame();
  if (!frame) throw new Error('the sidebar iframe has no frame');
  return frame;
}

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, name) });
}

/** Opens a ticket in the host and returns the draft the backend sent the sidebar. */
async function openTicket(page: Page, url: string): Promise<TriageResult> {
  const triaged = page.waitForResponse((response) => proxiedUrl(response.request(), '/v1/triage') !== null, {
    timeout: 60_000,
  });
  await page.goto(url);
  return TriageResult.parse(await backendAnswer(await triaged));
}

describe.runIf(browserAvailable)(
  'preview walkthrough: similar tickets, tag chips, long e-mails, agent language',
  () => {
    let e2e: PreviewE2E | null = null;
    let server: ServerProcess | null = null;
    let browser: Browser;
    let page: Page;
    let hostUrl = '';

    beforeAll(async () => {
      e2e = await startPreviewE2E({ TRIAGE_SHARED_SECRET: SECRET });
      ({ server, browser } = e2e);
      hostUrl = server.url.replace('127.0.0.1', 'localhost');
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 300_000);

    afterAll(async () => {
      await e2e?.stop();
    });

    it('never lists the open ticket among similar tickets or search hits, and puts the search box above them', async () => {
      const draft = await openTicket(page, `${hostUrl}/preview?ticket=${FIRST_TICKET}`);
      const frame = await appFrame(page);
      await frame.getByRole('button', { name: 'Accept', exact: true }).waitFor({ timeout: 60_000 });
      expect(draft.similar.map((hit) => hit.ticketId)).not.toContain(FIRST_TICKET);
      const searchBox = frame.getByRole('searchbox');
      const firstHit = frame.getByRole('button', { name: /^Open ticket #/ }).first();
      await firstHit.waitFor();
      const [boxTop, hitTop] = await Promise.all([searchBox.boundingBox(), firstHit.boundingBox()]);
      expect(boxTop!.y).toBeLessThan(hitTop!.y);

      // The ticket is stored by now: its own subject would find it first, were it not left out.
      const subject = (await page.textContent('[data-testid="ticket-subject"]')) ?? '';
      const searched = page.waitForResponse((response) => proxiedUrl(response.request(), '/v1/similar') !== null, {
        timeout: 30_000,
      });
      await searchBox.fill(subject);
      await frame.getByRole('button', { name: 'Search', exact: true }).click();
      const response = await searched;
      expect(proxiedUrl(response.request(), '/v1/similar')?.searchParams.get('exclude')).toBe(FIRST_TICKET);
      const hits = SimilarResponse.parse(await backendAnswer(response)).hits;
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.map((hit) => hit.ticketId)).not.toContain(FIRST_TICKET);
      await frame.getByRole('heading', { name: /^Results for/ }).waitFor();
      await expect(
        frame.getByRole('button', { name: new RegExp(`^Open ticket #${FIRST_TICKET}:`) }).count(),
      ).resolves.toBe(0);
      await shot(page, 'walkthrough-similar-search.png');
    });

    it('shows which tags are selected before Accept, and which were added after it', async () => {
      // The first incoming ticket whose draft suggests two tags or more.
      let draft = await openTicket(page, `${hostUrl}/preview?ticket=${FIRST_TICKET}`);
      const options = await page.$$eval('[data-testid="ticket-picker"] option', (items) =>
        items.map((item) => (item as HTMLOptionElement).value),
      );
      for (const id of options) {
        if (draft.tags.length >= 2) break;
        draft = await openTicket(page, `${hostUrl}/preview?ticket=${id}`);
      }
      if (draft.tags.length < 2) throw new Error('no demo ticket suggests two tags');
      const frame = await appFrame(page);
      await frame.getByRole('button', { name: 'Accept', exact: true }).waitFor({ timeout: 60_000 });
      const [kept, dropped] = draft.tags as [string, string];
      const chip = (tag: string) => frame.getByRole('button', { name: tag, exact: true });
      await chip(dropped).click();
      await expect(chip(dropped).getAttribute('aria-pressed')).resolves.toBe('false');
      await expect(chip(kept).getAttribute('aria-pressed')).resolves.toBe('true');
      // Visibly different, not only to a screen reader: filled vs outlined (the pointer moved off, so no hover colour).
      await page.mouse.move(0, 0);
      const background = (tag: string) => chip(tag).evaluate((element) => getComputedStyle(element).backgroundColor);
      const [keptBackground, droppedBackground] = await Promise.all([background(kept), background(dropped)]);
      expect(keptBackground).not.toBe(droppedBackground);
      await shot(page, 'walkthrough-tags-before-accept.png');

      await frame.getByRole('button', { name: 'Accept', exact: true }).click();
      await frame.getByText('Applied', { exact: false }).first().waitFor();
      const state = (tag: string) => frame.locator(`[data-state]:has(span:text-is("${tag}"))`);
      await expect(state(kept).getAttribute('data-state')).resolves.toBe('added');
      await expect(state(dropped).getAttribute('data-state')).resolves.toBe('not_added');
      await expect(chip(kept).count()).resolves.toBe(0);
      const [addedBackground, leftOutBackground] = await Promise.all(
        [kept, dropped].map((tag) => state(tag).evaluate((element) => getComputedStyle(element).backgroundColor)),
      );
      expect(addedBackground).not.toBe(leftOutBackground);
      const hostTags = await page.$$eval('[data-testid="ticket-tags"] li', (items) =>
        items.map((item) => item.getAttribute('data-tag')),
      );
      expect(hostTags).toContain(kept);
      expect(hostTags).not.toContain(dropped);
      await shot(page, 'walkthrough-tags-after-accept.png');

      // Reopened in the same tab, the ticket is as the agent left it (Zendesk saved it): the accepted tag is still on
      // it, and the sidebar does not read it as left out.
      await page.reload();
      const reopened = await appFrame(page);
      await reopened.getByText('Applied', { exact: false }).first().waitFor({ timeout: 60_000 });
      const tagsAfterReload = await page.$$eval('[data-testid="ticket-tags"] li', (items) =>
        items.map((item) => item.getAttribute('data-tag')),
      );
      expect(tagsAfterReload).toContain(kept);
      const keptAfterReload = reopened.locator(`[data-state]:has(span:text-is("${kept}"))`);
      await expect(keptAfterReload.getAttribute('data-state')).resolves.not.toBe('not_added');
    });

    it('keeps a long requester e-mail inside the ticket properties column', async () => {
      const email = 'maria.fernanda.lopez-garcia.accounts-payable.department@a-rather-long-subsidiary-name.example.com';
      await page.route('**/preview/api/tickets/100003', async (route) => {
        const response = await route.fetch();
        const ticket = PreviewTicket.parse(await response.json());
        await route.fulfill({ response, json: { ...ticket, requester: { ...ticket.requester, email } } });
      });
      await openTicket(page, `${hostUrl}/preview?ticket=100003`);
      const requester = page.locator('[data-testid="ticket-requester"]');
      await expect(requester.textContent()).resolves.toContain(email);
      const [cell, column] = await Promise.all([
        requester.boundingBox(),
        page.locator('aside.properties').boundingBox(),
      ]);
      expect(cell!.x + cell!.width).toBeLessThanOrEqual(column!.x + column!.width);
      const overflow = await page
        .locator('aside.properties')
        .evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, 'walkthrough-long-email.png');
      await page.unroute('**/preview/api/tickets/100003');
    });

    it('switches the agent language: the sidebar starts again in it, for each shipped locale', async () => {
      await openTicket(page, `${hostUrl}/preview?ticket=${FIRST_TICKET}`);
      const offered = await page.$$eval('[data-testid="locale-picker"] option', (items) =>
        items.map((item) => (item as HTMLOptionElement).value),
      );
      expect(offered).toEqual(LOCALES);
      await expect(page.inputValue('[data-testid="locale-picker"]')).resolves.toBe('en');

      for (const [locale, heading] of [
        ['de', 'Vorgeschlagene Tags'],
        ['ja', '提案されたタグ'],
        ['en', 'Suggested tags'],
      ] as const) {
        const triaged = page.waitForResponse((response) => proxiedUrl(response.request(), '/v1/triage') !== null, {
          timeout: 60_000,
        });
        await page.selectOption('[data-testid="locale-picker"]', locale);
        await triaged;
        expect(new URL(page.url()).searchParams.get('locale')).toBe(locale);
        expect(new URL(page.url()).searchParams.get('ticket')).toBe(FIRST_TICKET);
        const frame = await appFrame(page);
        await frame.getByRole('heading', { name: heading }).waitFor({ timeout: 30_000 });
        await expect(page.inputValue('[data-testid="locale-picker"]')).resolves.toBe(locale);
        if (locale === 'de') {
          await expect(page.getAttribute('[data-testid="review-link"]', 'href')).resolves.toBe(
            '/preview/review?locale=de',
          );
          // The why line is German around the ticket's own words, not the server's English sentence.
          await frame.getByText(/^Warum: Wörter wie „/).waitFor({ timeout: 10_000 });
          expect(await frame.getByText('Local model:', { exact: false }).count()).toBe(0);
          await shot(page, 'walkthrough-locale-de.png');
        }
      }
    });

    it('triages a new ticket in the background through the local Zendesk before an agent opens it', async () => {
      await page.goto(`${hostUrl}/preview`);
      await page.getByTestId('new-ticket').click();
      await page.getByTestId('new-ticket-subject').fill('Someone logged into my account from another country');
      await page
        .getByTestId('new-ticket-description')
        .fill('I got an alert that my account was accessed from a device I do not recognise. Please lock it.');
      // Nothing but the webhook → job → write-back path puts tags on it: the page only created the ticket.
      const created = page.waitForResponse(
        (response) => response.url().endsWith('/preview/api/tickets') && response.request().method() === 'POST',
      );
      await page.getByTestId('new-ticket-submit').click();
      const ticket = PreviewTicket.parse(await (await created).json());
      expect(ticket.tags).toEqual([]);
      const note = page.getByTestId('background-note');
      await note.waitFor({ state: 'visible', timeout: 60_000 });
      expect(new URL(page.url()).searchParams.get('ticket')).toBe(String(ticket.id));

      const stored = PreviewTicket.parse(
        await (await page.request.get(`${hostUrl}/preview/api/tickets/${ticket.id}`)).json(),
      );
      const decision = stored.tags.find((tag) => /^triage_(auto|draft|review)$/.test(tag));
      expect(decision).toBeDefined();
      expect(stored.tags).toContain(stored.tags.find((tag) => /^triage_confidence_(high|medium|low)$/.test(tag)));
      await expect(note.textContent()).resolves.toContain(decision!);
      const shownTags = await page
        .locator('[data-testid="ticket-tags"] li')
        .evaluateAll((items) => items.map((item) => item.textContent));
      expect(shownTags).toEqual(stored.tags);
      // The agent opening it finds the sidebar's draft beside what the app already wrote.
      const frame = await appFrame(page);
      await frame.getByRole('heading', { name: 'Suggested tags' }).waitFor({ timeout: 60_000 });
      await shot(page, 'walkthrough-background-triage.png');
    });
  },
);
