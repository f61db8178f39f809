import { describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importTickets, type ImportStats } from '../../server/import/index.ts';
import { type Store } from '../../server/storage/index.ts';
import { usePgliteStore } from '../support/pglite-dir.ts';
import { linesOf, taxonomy, withPrefix } from './support.ts';

describe('importTickets on worker threads', { timeout: 120_000 }, () => {
  let store: Store;

  usePgliteStore((opened) => (store = opened));

  /** 450 demo tickets over three chunks, bad lines in the second and third, a blank line, and one id written twice. */
  function input(prefix: string): string[] {
    const tickets = withPrefix(prefix, generateDemoTickets({ count: 450, seed: 4242 }));
    const lines = tickets.map((ticket) => JSON.stringify(ticket));
    lines.splice(250, 0, '{"id": "broken", "subject": "secret text here"');
    lines.splice(300, 0, '');
    lines.splice(420, 0, JSON.stringify({ ...tickets[0], label: 'not_a_label' }));
    // the same id again, later in the file: the later line wins, as it does inline
    lines.push(JSON.stringify({ ...tickets[1], subject: 'Edited later in the file' }));
    return lines;
  }

  it('stores the same redacted text, counts and line errors as the inline path', async () => {
    let stats: ImportStats | null = null;
    const inline = await importTickets(store, linesOf(input('inline')), { taxonomy, workers: 0, batchSize: 100 });
    const threaded = await importTickets(store, linesOf(input('threaded')), {
      taxonomy,
      workers: 2,
      batchSize: 100,
      onStats: (value) => (stats = value),
    });

    expect(threaded).toEqual(inline);
    expect(threaded).toEqual({
      received: 453,
      inserted: 450,
      updated: 1,
      unchanged: 0,
      rejected: 2,
      errors: [
        { line: 251, code: 'BAD_JSON', path: null },
        { line: 421, code: 'UNKNOWN_LABEL', path: 'label' },
      ],
    });
    expect(stats).toMatchObject({ workers: 2, workerLines: 453 });
    expect(stats!.redactMs).toBeGreaterThan(0);

    const original = generateDemoTickets({ count: 450, seed: 4242 });
    for (const ticket of original) {
      const a = await store.getTicket(`inline-${ticket.id}`);
      const b = await store.getTicket(`threaded-${ticket.id}`);
      expect(b).not.toBeNull();
      expect({ ...b, id: null, seq: null }).toEqual({ ...a, id: null, seq: null });
      expect(`${b!.subject}\n${b!.text}`).not.toContain(ticket.requester!.email!);
    }
    expect((await store.getTicket(`threaded-${original[1]!.id}`))?.subject).toBe('Edited later in the file');
  });

  it('starts workers on its own only past 2,000 lines, and then stores the same', async () => {
    const tickets = withPrefix('auto', generateDemoTickets({ count: 2_100, seed: 77 }));
    const lines = tickets.map((ticket) => JSON.stringify(ticket));
    lines.splice(2_050, 0, 'not json');
    let stats: ImportStats | null = null;
    const report = await importTickets(store, linesOf(lines), { taxonomy, onStats: (value) => (stats = value) });
    expect(report).toMatchObject({
      received: 2_101,
      inserted: 2_100,
      rejected: 1,
      errors: [{ line: 2_051, code: 'BAD_JSON', path: null }],
    });
    const small = await importTickets(store, linesOf(lines.slice(0, 10)), {
      taxonomy,
      onStats: (value) => (stats = value),
    });
    expect(small).toMatchObject({ received: 10, unchanged: 10 });
    expect(stats).toMatchObject({ workers: 0 });
  });

  it('refuses a negative or fractional worker count', async () => {
    await expect(importTickets(store, linesOf([]), { taxonomy, workers: -1 })).rejects.toThrow(RangeError);
    await expect(importTickets(store, linesOf([]), { taxonomy, workers: 1.5 })).rejects.toThrow(RangeError);
  });
});
