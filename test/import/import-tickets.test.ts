import { describe, expect, it } from 'vitest';
import type { LabelledTicket } from '../../src/contract/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importTickets, type ImportCounts } from '../../server/import/index.ts';
import { type Store, type StoredTicket } from '../../server/storage/index.ts';
import { usePgliteStore } from '../support/pglite-dir.ts';
import { linesOf, taxonomy, withPrefix } from './support.ts';

async function allTickets(store: Store): Promise<StoredTicket[]> {
  const rows: StoredTicket[] = [];
  let cursor = 0;
  for (;;) {
    const page = await store.ticketsChangedSince(cursor, 1_000);
    if (page.length === 0) return rows;
    rows.push(...page);
    cursor = page.at(-1)!.seq;
  }
}

describe('importTickets', () => {
  let store: Store;

  usePgliteStore((opened) => (store = opened));

  it('stores every demo ticket and counts a re-run as unchanged and an edit as updated', async () => {
    const tickets = withPrefix('rerun', generateDemoTickets({ count: 120 }));
    const lines = tickets.map((ticket) => JSON.stringify(ticket));
    const first = await importTickets(store, linesOf(lines), { taxonomy, batchSize: 50 });
    expect(first).toEqual({ received: 120, inserted: 120, updated: 0, unchanged: 0, rejected: 0, errors: [] });

    const again = await importTickets(store, linesOf(lines), { taxonomy, batchSize: 50 });
    expect(again).toMatchObject({ received: 120, inserted: 0, updated: 0, unchanged: 120 });

    const edited = [...lines];
    edited[5] = JSON.stringify({ ...tickets[5], subject: 'A completely new subject line' });
    const third = await importTickets(store, linesOf(edited), { taxonomy });
    expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 119 });
    const stored = await store.getTicket(tickets[5]!.id);
    expect(stored).toMatchObject({
      subject: 'A completely new subject line',
      label: tickets[5]!.label,
      urgency: tickets[5]!.urgency,
      status: tickets[5]!.status,
    });
  });

  it('stores only redacted text: planted PII never reaches the tickets table', async () => {
    const planted: LabelledTicket = {
      id: 'pii-1',
      subject: 'Refund for card 4111 1111 1111 1111',
      description:
        'Hello, please refund to IBAN DE89 3704 0044 0532 0130 00. Write to dana.whitfield@example.com or call +1 202-555-0143. Dana Whitfield',
      comments: [
        {
          authorRole: 'requester',
          authorName: 'Dana Whitfield',
          body: 'My server is 203.0.113.7, regards Dana',
          public: true,
        },
        { authorRole: 'agent', authorName: 'Jonas Lindqvist', body: 'Thanks Dana, Jonas here', public: true },
      ],
      requester: { name: 'Dana Whitfield', email: 'dana.whitfield@example.com' },
      participants: [{ name: 'Jonas Lindqvist', email: 'jonas@example.org' }],
      tags: [],
      label: 'billing',
    };
    const demo = withPrefix('pii', generateDemoTickets({ count: 200 }));
    const report = await importTickets(store, linesOf([planted, ...demo].map((ticket) => JSON.stringify(ticket))), {
      taxonomy,
    });
    expect(report.rejected).toBe(0);

    const rows = (await allTickets(store)).filter((row) => row.id.startsWith('pii'));
    expect(rows).toHaveLength(201);
    const plantedRow = rows.find((row) => row.id === 'pii-1')!;
    for (const secret of ['4111', 'DE89', 'dana.whitfield', '555-0143', '203.0.113.7', 'Dana', 'Whitfield', 'Jonas']) {
      expect(`${plantedRow.subject}\n${plantedRow.text}`).not.toContain(secret);
    }
    expect(plantedRow.text).toMatch(/<CREDIT_CARD_1>|<IBAN_1>|<EMAIL_1>/);
    for (const ticket of demo) {
      const row = rows.find((candidate) => candidate.id === ticket.id)!;
      const stored = `${row.subject}\n${row.text}`;
      expect(stored).not.toContain(ticket.requester!.email!);
      expect(stored).not.toContain(ticket.requester!.name!);
      for (const participant of ticket.participants) expect(stored).not.toContain(participant.name!);
    }
  });

  it('rejects bad lines by number, code and field path, without their text, and stores the rest', async () => {
    const [good1, good2] = withPrefix('bad', generateDemoTickets({ count: 2 }));
    const lines = [
      JSON.stringify(good1),
      '{"id": "broken", "subject": "secret text here"',
      '',
      JSON.stringify({ ...good2, id: 'has spaces in it' }),
      JSON.stringify({ ...good2, id: 'bad-label', label: 'not_a_label' }),
      JSON.stringify({ ...good2, id: 'bad-urgency', urgency: 'whenever' }),
      JSON.stringify({ ...good2, id: 'bad-comment', comments: [{ authorRole: 'robot', body: 'x' }] }),
      JSON.stringify(good2),
    ];
    const report = await importTickets(store, linesOf(lines), { taxonomy });
    expect(report).toEqual({
      received: 7,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      rejected: 5,
      errors: [
        { line: 2, code: 'BAD_JSON', path: null },
        { line: 4, code: 'INVALID_TICKET', path: 'id' },
        { line: 5, code: 'UNKNOWN_LABEL', path: 'label' },
        { line: 6, code: 'UNKNOWN_URGENCY', path: 'urgency' },
        { line: 7, code: 'INVALID_TICKET', path: 'comments.0.authorRole' },
      ],
    });
    expect(JSON.stringify(report)).not.toContain('secret');
    expect(await store.getTicket('bad-label')).toBeNull();
  });

  it('reports at most 100 errors but counts every rejected line', async () => {
    const report = await importTickets(store, linesOf(Array.from({ length: 150 }, () => 'not json')), { taxonomy });
    expect(report.rejected).toBe(150);
    expect(report.errors).toHaveLength(100);
    expect(report.errors.at(-1)).toEqual({ line: 100, code: 'BAD_JSON', path: null });
  });

  it('writes in batches and reports progress after each', async () => {
    const progress: ImportCounts[] = [];
    const tickets = withPrefix('batch', generateDemoTickets({ count: 20 }));
    await importTickets(store, linesOf(tickets.map((ticket) => JSON.stringify(ticket))), {
      taxonomy,
      batchSize: 7,
      onProgress: (counts) => progress.push(counts),
    });
    expect(progress.map((counts) => counts.inserted)).toEqual([7, 14, 20]);
  });

  it('accepts a byte-order mark on the first line', async () => {
    const [ticket] = withPrefix('bom', generateDemoTickets({ count: 1 }));
    const report = await importTickets(store, linesOf([`\uFEFF${JSON.stringify(ticket)}`]), { taxonomy });
    expect(report).toMatchObject({ inserted: 1, rejected: 0 });
  });
});
