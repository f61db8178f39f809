import { describe, expect, it } from 'vitest';
import { SimilarTicket } from '../../src/contract/index.ts';
import {
  isOpenTicket,
  linkEscalation,
  toSimilarTicket,
  type IndexedTicket,
  type SimilarHit,
} from '../../src/similar/index.ts';

function hit(id: string, label: string | null, status: IndexedTicket['status'], score: number): SimilarHit {
  return { ticket: { id, subject: `subject ${id}`, label, status, createdAt: '2026-11-20T08:00:00Z' }, score };
}

const options = { label: 'outage', threshold: 0.55 };

describe('linkEscalation', () => {
  it('links to the best open ticket of the same label at or above the threshold', () => {
    const hits = [hit('a', 'outage', 'open', 0.6), hit('b', 'outage', 'pending', 0.8), hit('c', 'outage', 'new', 0.55)];
    expect(linkEscalation(hits, options)).toEqual({ ticketId: 'b', score: 0.8 });
  });

  it('accepts a score exactly at the threshold', () => {
    expect(linkEscalation([hit('a', 'outage', 'open', 0.55)], options)).toEqual({ ticketId: 'a', score: 0.55 });
  });

  it.each([
    ['solved', [hit('a', 'outage', 'solved', 0.9)]],
    ['closed', [hit('a', 'outage', 'closed', 0.9)]],
    ['of another label', [hit('a', 'security', 'open', 0.9)]],
    ['unlabelled', [hit('a', null, 'open', 0.9)]],
    ['below the threshold', [hit('a', 'outage', 'open', 0.54)]],
  ] as const)('does not link to a ticket that is %s', (_name, hits) => {
    expect(linkEscalation(hits, options)).toBeNull();
  });

  it('skips a solved better match for an open weaker one', () => {
    const hits = [hit('solved', 'outage', 'solved', 0.95), hit('open', 'outage', 'hold', 0.7)];
    expect(linkEscalation(hits, options)).toEqual({ ticketId: 'open', score: 0.7 });
  });

  it('uses a caller-supplied notion of open', () => {
    const hits = [hit('a', 'outage', 'open', 0.9), hit('b', 'outage', 'solved', 0.8)];
    expect(linkEscalation(hits, { ...options, isOpen: (ticket) => ticket.id === 'b' })).toEqual({
      ticketId: 'b',
      score: 0.8,
    });
  });

  it('returns null without hits', () => {
    expect(linkEscalation([], options)).toBeNull();
  });
});

describe('isOpenTicket', () => {
  it.each([
    ['new', true],
    ['open', true],
    ['pending', true],
    ['hold', true],
    ['solved', false],
    ['closed', false],
    [null, true],
  ] as const)('status %s → open %s', (status, expected) => {
    expect(isOpenTicket(hit('a', 'x', status, 1).ticket)).toBe(expected);
  });
});

describe('toSimilarTicket', () => {
  it('maps a hit to the contract SimilarTicket', () => {
    const similar = toSimilarTicket(hit('42', 'billing', 'open', 0.73));
    expect(similar).toEqual({
      ticketId: '42',
      subject: 'subject 42',
      label: 'billing',
      status: 'open',
      createdAt: '2026-11-20T08:00:00Z',
      score: 0.73,
    });
    expect(SimilarTicket.safeParse(similar).success).toBe(true);
  });
});
