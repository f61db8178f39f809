import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SimilarSync } from '../../server/similar/index.ts';
import type { StoredTicket } from '../../server/storage/store.ts';
import { MemoryStore } from '../support/memory-store.ts';

const silent = pino({ level: 'silent' });

function stored(id: string, label: string, status: StoredTicket['status'], text: string): StoredTicket {
  return {
    id,
    subject: text.slice(0, 30),
    text,
    label,
    urgency: null,
    status,
    createdAt: '2026-11-01T00:00:00.000Z',
    seq: 1,
  };
}

describe('SimilarSync.searchWithLink', () => {
  const similar = new SimilarSync(new MemoryStore(), silent);
  for (const ticket of [
    stored('o1', 'outage', 'open', 'The dashboard is down for the whole team, every page shows a 502 error'),
    stored(
      'o2',
      'outage',
      'solved',
      'The dashboard is down for the whole team, every page shows a 502 error since noon',
    ),
    stored('o3', 'outage', 'open', 'Exports fail with a timeout for every customer'),
    stored('b1', 'billing', 'open', 'The dashboard shows the wrong invoice total, please fix the 502 line'),
    stored('b2', 'billing', 'open', 'I was charged twice for my subscription this month'),
  ])
    similar.add(ticket);
  // More solved twins than an escalation search looks at: the link must come from a search of open tickets only.
  for (let i = 0; i < 30; i++)
    similar.add(stored(`s${i}`, 'outage', 'solved', 'Dashboard down for our team: every page is a 502 error'));

  it.each([
    ['an outage like o1 and o2', 'Dashboard down for our team: every page is a 502 error', 'outage'],
    ['a billing question', 'charged twice this month for the subscription', 'billing'],
    ['an outage like nothing stored', 'Login page spins forever', 'outage'],
  ])('answers %s as search and escalationLink would apart', async (_name, text, label) => {
    const escalation = { label, threshold: 0.2 };
    const together = await similar.searchWithLink(text, { limit: 3, excludeId: 'new' }, escalation);
    expect(together.hits).toEqual(await similar.search(text, { limit: 3, excludeId: 'new' }));
    expect(together.link).toEqual(similar.escalationLink(text, { ...escalation, excludeId: 'new' }));
  });

  it('links only an open ticket of the escalation label, and nothing without an escalation', async () => {
    const text = 'Dashboard down for our team: every page is a 502 error';
    const { hits, link } = await similar.searchWithLink(
      text,
      { limit: 3, excludeId: 'new' },
      { label: 'outage', threshold: 0.2 },
    );
    // The solved twins fill the hits, but only o1 is an open outage.
    expect(hits.every((hit) => hit.ticketId.startsWith('s'))).toBe(true);
    expect(link?.ticketId).toBe('o1');
    expect((await similar.searchWithLink(text, { limit: 3, excludeId: 'new' }, null)).link).toBeNull();
  });
});
