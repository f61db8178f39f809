/**
 * The review queue end to end: `triage serve` on a fresh demo install (which triages the preview's inbox, so
 * some tickets wait for review), the nav_bar page at /preview/review with each item's redacted excerpt, a reviewer
 * correcting one item from the searchable label list, undoing a confirm, and opening another item's ticket; then the
 * feedback row and the new training label in the database.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Browser, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDO_WINDOW_MS } from '../../app/review/use-review-queue.ts';
import { FeedbackEvent, ReviewResponse, TriageResult } from '../../src/contract/index.ts';
import { ZafProxyResponse, ZafRequestOptions } from '../../src/preview-host/index.ts';
import { browserAvailable, projectRoot } from './support/browser.ts';
import { startPreviewE2E, type PreviewE2E } from './support/preview-e2e.ts';
import type { ServerProcess } from './support/server-process.ts';

const SECRET = 'e2e-review-secret-0123456789abcdef';
const ADMIN_TOKEN = 'e2e-review-admin-0123456789abcdef';
const SHOTS_DIR = join(projectRoot, 'artifacts', 'screenshots');

function proxiedCall(request: Request, path: string): ZafRequestOptions | null {
  if (!request.url().endsWith('/preview/proxy') || request.method() !== 'POST') return null;
  const options = ZafRequestOptions.safeParse(JSON.parse(request.postData() ?? 'null'));
  return options.success &&
    new URL(options.data.url.replace('{{setting.backend_url}}', 'http://x')).pathname.startsWith(path)
    ? options.data
    : null;
}

async function reviewFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-testid="review-frame"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the review iframe has no frame');
  return frame;
}

describe.runIf(browserAvailable)('review queue on the preview with the real server', () => {
  let dataDir: string;
  let e2e: PreviewE2E | null = null;
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let queue: ReviewResponse['items'] = [];
  let corrected: FeedbackEvent | null = null;

  beforeAll(async () => {
    e2e = await startPreviewE2E({ TRIAGE_SHARED_SECRET: SECRET, TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN });
    ({ server, browser, dataDir } = e2e);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 300_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('lists the tickets the demo left for review in the nav_bar page', async () => {
    if (!server) throw new Error('no server');
    const listed = page.waitForResponse((response) => proxiedCall(response.request(), '/v1/review') !== null, {
      timeout: 60_000,
    });
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/preview/review`);
    const envelope = ZafProxyResponse.parse(await (await listed).json());
    queue = ReviewResponse.parse(JSON.parse(envelope.body)).items;
    expect(queue.length).toBeGreaterThan(0);
    expect(queue.every((item) => item.decision === 'review')).toBe(true);
    const frame = await reviewFrame(page);
    const first = queue[0]!;
    await frame
      .getByRole('button', { name: `Open ticket #${first.ticketId}: ${first.subject}` })
      .waitFor({ timeout: 30_000 });
    expect(await frame.getByRole('listitem').count()).toBe(queue.length);
    expect(await frame.getByText(/100%/).count()).toBe(0);
    // Each item shows what the customer wrote below the subject, as the server stored it: redacted.
    const withExcerpt = queue.find((item) => (item.excerpt ?? '') !== '');
    if (!withExcerpt) throw new Error('no demo review item has a message below its subject');
    expect(
      await frame.locator(`[data-ticket-id="${withExcerpt.ticketId}"] [data-testid="review-excerpt"]`).textContent(),
    ).toBe(withExcerpt.excerpt);
    expect(queue.every((item) => !/@example\.com/.test(item.excerpt ?? ''))).toBe(true);
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, 'review-queue.png') });
  });

  it('corrects one item from the searchable label list: one correct event is posted and the item leaves the list', async () => {
    const frame = await reviewFrame(page);
    const item = queue[0]!;
    const posted = page.waitForResponse((response) => proxiedCall(response.request(), '/v1/feedback') !== null);
    // Keyboard only: Tab from Confirm to the label search, type to narrow the list, choose the first match.
    await frame.getByRole('button', { name: new RegExp(`^Confirm .* for ticket #${item.ticketId}$`) }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => frame.locator(':focus').getAttribute('role')).toBe('combobox');
    const query = item.label === 'how_to' ? 'bug' : 'how';
    await page.keyboard.type(query);
    const option = frame.getByRole('option').first();
    await option.waitFor();
    const chosenName = (await option.textContent())?.trim() ?? '';
    expect(chosenName.toLowerCase()).toContain(query);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const response = await posted;
    const call = proxiedCall(response.request(), '/v1/feedback');
    if (typeof call?.data !== 'string') throw new Error('the feedback call carried no JSON body');
    corrected = FeedbackEvent.parse(JSON.parse(call.data));
    expect(corrected).toMatchObject({
      kind: 'correct',
      ticketId: item.ticketId,
      label: item.label,
      actor: { role: 'reviewer' },
    });
    expect(corrected.correctedLabel).not.toBe(item.label);
    expect(JSON.parse(ZafProxyResponse.parse(await response.json()).body)).toMatchObject({ duplicate: false });
    await frame.getByText(`Ticket #${item.ticketId} corrected to ${chosenName}`, { exact: false }).waitFor();
    expect(await frame.locator(`[data-ticket-id="${item.ticketId}"]`).count()).toBe(0);
    expect(await frame.getByRole('listitem').count()).toBe(queue.length - 1);
    await page.screenshot({ path: join(SHOTS_DIR, 'review-queue-corrected.png') });
  });

  it('a confirm can be undone: the item comes back and nothing is stored; a confirm left alone is stored', async () => {
    const frame = await reviewFrame(page);
    const item = queue[2]!;
    const feedbackPosts: string[] = [];
    const onRequest = (request: Request) => {
      const call = proxiedCall(request, '/v1/feedback');
      if (call) feedbackPosts.push(typeof call.data === 'string' ? call.data : '');
    };
    page.on('request', onRequest);
    try {
      const row = frame.locator(`[data-ticket-id="${item.ticketId}"]`);
      await row.getByRole('button', { name: /^Confirm / }).click();
      expect(await row.count()).toBe(0);
      const undo = frame.getByRole('button', { name: `Undo the confirmation of ticket #${item.ticketId}` });
      await page.screenshot({ path: join(SHOTS_DIR, 'review-queue-undo.png') });
      await undo.click();
      await frame.getByText(`Ticket #${item.ticketId} is back in the queue; nothing was stored.`).waitFor();
      expect(await row.count()).toBe(1);
      expect(await frame.getByRole('listitem').count()).toBe(queue.length - 1);
      expect(feedbackPosts).toEqual([]);
      // Confirmed again and left alone: stored once the undo window closes.
      const posted = page.waitForResponse((response) => proxiedCall(response.request(), '/v1/feedback') !== null, {
        timeout: UNDO_WINDOW_MS + 10_000,
      });
      await row.getByRole('button', { name: /^Confirm / }).click();
      await posted;
      expect(feedbackPosts).toHaveLength(1);
      expect(FeedbackEvent.parse(JSON.parse(feedbackPosts[0]!))).toMatchObject({
        kind: 'accept',
        ticketId: item.ticketId,
        actor: { role: 'reviewer' },
      });
      expect(await undo.count()).toBe(0);
    } finally {
      page.off('request', onRequest);
    }
  });

  it('opens an item’s ticket from its subject: the ticket view shows the sidebar with the stored review result', async () => {
    const frame = await reviewFrame(page);
    const item = queue[1]!;
    const triaged = page.waitForResponse((response) => proxiedCall(response.request(), '/v1/triage') !== null, {
      timeout: 60_000,
    });
    await frame.getByRole('button', { name: `Open ticket #${item.ticketId}: ${item.subject}` }).click();
    const result = TriageResult.parse(JSON.parse(ZafProxyResponse.parse(await (await triaged).json()).body));
    expect(result).toMatchObject({ ticketId: item.ticketId, textHash: item.textHash, decision: 'review' });
    expect(new Date(result.createdAt).getTime()).toBe(new Date(item.createdAt).getTime());
    await page.waitForFunction(
      (id) => document.querySelector('#ticket-id')?.textContent?.startsWith(`Ticket #${id} `),
      item.ticketId,
      { timeout: 30_000 },
    );
    const sidebar = await (await page.waitForSelector('iframe[data-testid="app-frame"]')).contentFrame();
    if (!sidebar) throw new Error('no sidebar frame');
    // The same text was triaged at start: the sidebar gets that stored result back, still waiting for review.
    await sidebar.getByText('Unsure: please review and choose the label.').waitFor({ timeout: 60_000 });
  });

  it('stored the correction as a feedback row and as the ticket’s training label', async () => {
    if (!server || !corrected) throw new Error('nothing was corrected');
    await browser?.close();
    browser = null;
    const code = await server.stop();
    expect(code, `the server's exit code on SIGTERM; its output:\n${server.output().slice(-4000)}`).toBe(0);
    server = null;
    const database = await PGlite.create(dataDir);
    try {
      const feedback = await database.query<{
        ticket_id: string;
        kind: string;
        label: string;
        corrected_label: string;
        actor: { role: string };
      }>('SELECT ticket_id, kind, label, corrected_label, actor FROM feedback WHERE idempotency_key = $1', [
        corrected.idempotencyKey,
      ]);
      expect(feedback.rows).toEqual([
        {
          ticket_id: corrected.ticketId,
          kind: 'correct',
          label: corrected.label,
          corrected_label: corrected.correctedLabel,
          actor: expect.objectContaining({ role: 'reviewer' }) as unknown,
        },
      ]);
      const ticket = await database.query<{ label: string; label_source: string }>(
        'SELECT label, label_source FROM tickets WHERE id = $1',
        [corrected.ticketId],
      );
      expect(ticket.rows).toEqual([{ label: corrected.correctedLabel, label_source: 'feedback' }]);
    } finally {
      await database.close();
    }
  });
});
