import { afterEach, describe, expect, it } from 'vitest';
import {
  importZendeskHistory,
  IMPORT_STEP,
  ZendeskClient,
  ZENDESK_TICKETS_SOURCE,
  type RetryNotice,
  type ZendeskImportReport,
} from '../../server/zendesk/index.ts';
import { taxonomy } from '../import/support.ts';
import { startFakeZendesk, type FakeTicket, type FakeZendesk } from '../../server/zendesk-local/index.ts';
import { MemoryStore } from '../support/memory-store.ts';

const auth = { email: 'admin@example.com', apiToken: 'secret-token' };
let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** 10 tickets: labelled by tag (some prefixed, one with two labels), a deleted one, an empty one, PII in text. */
function seed(): Partial<FakeTicket>[] {
  return [
    { tags: ['ta_billing', 'vip'], subject: 'Charged twice', description: 'Email me at jane.doe@example.com' },
    { tags: ['ta_bug'], priority: 'urgent' },
    { tags: ['billing'] }, // no prefix: not a label tag
    { tags: ['ta_billing', 'ta_bug'] },
    { status: 'deleted', tags: ['ta_bug'] },
    { subject: '', description: '' },
    { tags: ['TA_How_To'] },
    {},
    { tags: ['ta_outage'] },
    { tags: ['ta_billing'] },
  ];
}

function client(url: string, retries: RetryNotice[] = []) {
  return new ZendeskClient(
    { url: url, auth: { kind: 'api-token', ...auth } },
    { exportPageSize: 3, policy: { baseDelayMs: 5, maxDelayMs: 20 }, onRetry: (notice) => retries.push(notice) },
  );
}

describe('importZendeskHistory against the local Zendesk', () => {
  it('stores a page in steps of IMPORT_STEP tickets and pauses after each (requests go first)', async () => {
    const tickets = Array.from({ length: 2 * IMPORT_STEP + 5 }, (_, index) => ({
      tags: index % 2 === 0 ? ['ta_billing'] : [],
    }));
    fake = await startFakeZendesk({ auth, tickets });
    const store = new MemoryStore();
    const stored: number[] = [];
    const upsert = store.upsertTickets.bind(store);
    store.upsertTickets = async (writes) => {
      stored.push(writes.length);
      return upsert(writes);
    };
    let pauses = 0;
    const onePage = new ZendeskClient(
      { url: fake.url, auth: { kind: 'api-token', ...auth } },
      { exportPageSize: 1000 },
    );
    const report = await importZendeskHistory(store, onePage, {
      taxonomy,
      labelTagPrefix: 'ta_',
      pause: async () => void pauses++,
    });
    expect(report).toMatchObject({ pages: 1, read: tickets.length, inserted: tickets.length, complete: true });
    expect(report.labelled).toEqual({ billing: IMPORT_STEP + 3 });
    expect(stored).toEqual([IMPORT_STEP, IMPORT_STEP, 5]);
    expect(pauses).toBe(3);
    expect(await store.countTickets()).toBe(tickets.length);
  });

  it('imports every page through a 429 in the middle, labels from tags, and skips deleted and empty tickets', async () => {
    fake = await startFakeZendesk({ auth, tickets: seed() });
    fake.inject('export', { status: 429, retryAfterSeconds: 1, afterCalls: 2 });
    const store = new MemoryStore();
    const retries: RetryNotice[] = [];
    const report = await importZendeskHistory(store, client(fake.url, retries), {
      taxonomy,
      labelTagPrefix: 'ta_',
    });
    expect(report).toEqual({
      resumed: false,
      pages: 4,
      read: 10,
      inserted: 8,
      updated: 0,
      unchanged: 0,
      labelled: { billing: 2, bug: 1, how_to: 1, outage: 1 },
      unlabelled: 3,
      ambiguous: 1,
      skipped: { deleted: 1, empty: 1, invalid: 0 },
      complete: true,
    });
    expect(retries).toEqual([expect.objectContaining({ status: 429, delayMs: 1000, attempt: 1 })]);
    expect(fake.requests.filter((request) => request.route === 'export')).toHaveLength(5);
    expect(fake.requests.every((request) => request.authorized)).toBe(true);

    const first = await store.getTicket('1');
    expect(first).toMatchObject({ label: 'billing', status: 'open' });
    expect(first!.text).not.toContain('jane.doe@example.com');
    expect(await store.getTicket('2')).toMatchObject({ label: 'bug', urgency: 'urgent' });
    expect(await store.getTicket('3')).toMatchObject({ label: null });
    expect(await store.getTicket('5')).toBeNull();
    expect(await store.importCursor(ZENDESK_TICKETS_SOURCE)).not.toBeNull();
  });

  it('reads the label from a configured custom field instead of the tags', async () => {
    const FIELD = 360_000_123;
    fake = await startFakeZendesk({
      auth,
      tickets: [
        { custom_fields: [{ id: FIELD, value: 'ta_outage' }], tags: ['ta_billing'] },
        {
          custom_fields: [
            { id: FIELD, value: 'TA_Bug' },
            { id: 1, value: 'ta_billing' },
          ],
        },
        { custom_fields: [{ id: FIELD, value: null }], tags: ['ta_billing'] },
        { custom_fields: [{ id: FIELD, value: 'ta_not_a_label' }] },
        { tags: ['ta_billing'] },
      ],
    });
    const store = new MemoryStore();
    const report = await importZendeskHistory(store, client(fake.url), {
      taxonomy,
      labelTagPrefix: 'ta_',
      labelFieldId: FIELD,
    });
    // The field alone names the label: a label tag beside an empty (or absent) field does not.
    expect(report.labelled).toEqual({ outage: 1, bug: 1 });
    expect(report.unlabelled).toBe(3);
    expect(await store.getTicket('1')).toMatchObject({ label: 'outage' });
    expect(await store.getTicket('3')).toMatchObject({ label: null });
  });

  it('resumes after a stop from the stored cursor without re-reading earlier pages, and a re-run is safe', async () => {
    fake = await startFakeZendesk({ auth, tickets: seed() });
    const store = new MemoryStore();
    const stop = new AbortController();
    const pages: ZendeskImportReport[] = [];
    const stopped = await importZendeskHistory(store, client(fake.url), {
      taxonomy,
      labelTagPrefix: 'ta_',
      signal: stop.signal,
      onPage: (report) => {
        pages.push(report);
        if (report.pages === 2) stop.abort(new Error('stopped by the operator'));
      },
    }).catch((error: unknown) => error);
    expect((stopped as Error).message).toBe('stopped by the operator');
    expect(pages.at(-1)).toMatchObject({ pages: 2, read: 6, complete: false });
    const exportUrls = () => fake!.requests.filter((request) => request.route === 'export').map((r) => r.url);
    expect(exportUrls()).toHaveLength(2);

    const resumed = await importZendeskHistory(store, client(fake.url), { taxonomy, labelTagPrefix: 'ta_' });
    expect(resumed).toMatchObject({ resumed: true, pages: 2, read: 4, inserted: 4, complete: true });
    const [, secondPage, resumedFirst] = exportUrls();
    expect(resumedFirst).not.toContain('start_time');
    expect(resumedFirst).toContain('cursor=');
    expect(resumedFirst).not.toBe(secondPage);
    expect(await store.countTickets()).toBe(8);

    // A repeat reads only what changed since the stored cursor: here an agent's change to one ticket.
    fake.touch(10, { subject: 'Charged twice, still' });
    const again = await importZendeskHistory(store, client(fake.url), { taxonomy, labelTagPrefix: 'ta_' });
    expect(again).toMatchObject({ resumed: true, read: 1, inserted: 0, updated: 1, complete: true });
    expect(await store.countTickets()).toBe(8);
  });

  it('stops with a typed error when Zendesk refuses the credentials, storing nothing', async () => {
    fake = await startFakeZendesk({ auth, tickets: seed() });
    const store = new MemoryStore();
    const wrong = new ZendeskClient({
      url: fake.url,
      auth: { kind: 'api-token', email: auth.email, apiToken: 'x' },
    });
    await expect(importZendeskHistory(store, wrong, { taxonomy })).rejects.toMatchObject({ status: 401 });
    expect(await store.countTickets()).toBe(0);
    expect(await store.importCursor(ZENDESK_TICKETS_SOURCE)).toBeNull();
  });
});
