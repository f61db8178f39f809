/**
 * Routing in the real thing (issue 17): `triage serve` with demo data, the built sidebar in the preview host, chromium.
 * Accept moves a new ticket from the default group to its label's group; a ticket an agent put in a group stays there.
 * Screenshots go to artifacts/screenshots/routing-*.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageResult } from '../../src/contract/index.ts';
import {
  PREVIEW_DEFAULT_GROUP_ID,
  PREVIEW_GROUPS,
  PreviewTicketList,
  ZafProxyResponse,
  ZafRequestOptions,
} from '../../src/preview-host/index.ts';
import { resolveGroups } from '../../src/routing/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import { browserAvailable, projectRoot } from './support/browser.ts';
import { startPreviewE2E, type PreviewE2E } from './support/preview-e2e.ts';
import type { ServerProcess } from './support/server-process.ts';

const SECRET = 'e2e-shared-secret-0123456789abcdef';
const SHOTS_DIR = join(projectRoot, 'artifacts', 'screenshots');
const PRODUCT = PREVIEW_GROUPS.find((group) => group.name === 'Product')!;
const TIER_1 = PREVIEW_GROUPS.find((group) => group.name === 'Tier 1')!;

function isTriage(request: Request): boolean {
  if (!request.url().endsWith('/preview/proxy') || request.method() !== 'POST') return false;
  const options = ZafRequestOptions.safeParse(JSON.parse(request.postData() ?? 'null'));
  return options.success && options.data.url.endsWith('/v1/triage');
}

async function appFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('iframe[data-testid="app-frame"]')).contentFrame();
  if (!frame) throw new Error('the sidebar iframe has no frame');
  return frame;
}

/** The host's group field: the name of the group the ticket is in now. */
async function hostGroup(page: Page): Promise<string> {
  return page.$eval('[data-testid="ticket-group"]', (select) => {
    const field = select as HTMLSelectElement;
    return field.selectedOptions[0]?.textContent ?? '';
  });
}

async function routingNote(frame: Frame, state: string): Promise<string> {
  const note = frame.locator(`[data-testid="routing-note"][data-state="${state}"]`);
  await note.waitFor({ timeout: 30_000 });
  return (await note.textContent()) ?? '';
}

describe.runIf(browserAvailable)('preview: Accept routes the ticket to its label’s group', () => {
  let e2e: PreviewE2E | null = null;
  let server: ServerProcess | null = null;
  let browser: Browser;
  let page: Page;
  let hostUrl = '';
  /** Incoming ticket ids not opened yet. */
  let unopened: string[] = [];
  let groupOf: (label: string) => string | null = () => null;

  beforeAll(async () => {
    e2e = await startPreviewE2E({ TRIAGE_SHARED_SECRET: SECRET });
    ({ server, browser } = e2e);
    hostUrl = server.url.replace('127.0.0.1', 'localhost');
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const list = PreviewTicketList.parse(await (await fetch(`${server.url}/preview/api/tickets`)).json());
    unopened = list.tickets.map((ticket) => String(ticket.id));
    const taxonomy = parseTaxonomy(await readFile(join(projectRoot, 'config/taxonomy.yaml'), 'utf8'));
    const resolution = resolveGroups(taxonomy, PREVIEW_GROUPS);
    groupOf = (label) => resolution.byLabel.get(label)?.name ?? null;
  }, 300_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  /** Opens new tickets until one is suggested a label that routes to a group; returns that group's name. */
  async function openRoutedTicket(): Promise<{ group: string; frame: Frame }> {
    while (unopened.length > 0) {
      const id = unopened.shift()!;
      const triaged = page.waitForResponse((response) => isTriage(response.request()), { timeout: 60_000 });
      await page.goto(`${hostUrl}/preview?ticket=${id}`);
      const envelope = ZafProxyResponse.parse(await (await triaged).json());
      const draft = TriageResult.parse(JSON.parse(envelope.body));
      const group = groupOf(draft.label.name);
      const frame = await appFrame(page);
      await frame.getByRole('button', { name: 'Accept', exact: true }).waitFor({ timeout: 60_000 });
      if (group !== null) return { group, frame };
    }
    throw new Error('no demo ticket is suggested a label with a group');
  }

  it('shows "Route to" before Accept and moves the ticket out of the default group on Accept', async () => {
    const { group, frame } = await openRoutedTicket();
    expect(await hostGroup(page)).toBe(PREVIEW_GROUPS.find((entry) => entry.id === PREVIEW_DEFAULT_GROUP_ID)!.name);
    expect(await routingNote(frame, 'planned')).toBe(`Route to: ${group}`);
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, 'routing-route-to.png') });
    await page
      .locator('iframe[data-testid="app-frame"]')
      .screenshot({ path: join(SHOTS_DIR, 'routing-route-to-sidebar.png') });
    await frame.getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await routingNote(frame, 'routed')).toBe(`Routed to ${group}`);
    await page.waitForFunction(
      (name) =>
        document.querySelector<HTMLSelectElement>('[data-testid="ticket-group"]')?.selectedOptions[0]?.textContent ===
        name,
      group,
      { timeout: 10_000 },
    );
    expect(await hostGroup(page)).toBe(group);
    await page.screenshot({ path: join(SHOTS_DIR, 'routing-routed.png') });
  }, 180_000);

  it('leaves a ticket an agent put in another group where it is, and says so', async () => {
    const { group, frame } = await openRoutedTicket();
    const agents = group === PRODUCT.name ? TIER_1 : PRODUCT;
    await page.selectOption('[data-testid="ticket-group"]', String(agents.id));
    expect(await routingNote(frame, 'kept')).toBe(`Stays in ${agents.name}: an agent assigned it`);
    await frame.getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await routingNote(frame, 'left')).toBe(`Left in ${agents.name}: an agent assigned it`);
    await frame.getByText('Applied', { exact: false }).first().waitFor();
    expect(await hostGroup(page)).toBe(agents.name);
    await page.screenshot({ path: join(SHOTS_DIR, 'routing-left.png') });
  }, 180_000);
});
