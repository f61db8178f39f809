import { describe, expect, it } from 'vitest';
import { FeedbackEvent, SimilarQuery, Ticket, TriageRequest, suggestionSchema } from '../../src/contract/index.ts';

describe('Ticket', () => {
  it('fills defaults for a minimal ticket', () => {
    const ticket = Ticket.parse({ id: '42' });
    expect(ticket).toMatchObject({ id: '42', subject: '', description: '', comments: [], tags: [], participants: [] });
  });

  it.each([
    ['an empty id', { id: '' }, 'id'],
    ['an id with spaces', { id: 'a b' }, 'id'],
    ['an unknown author role', { id: '1', comments: [{ authorRole: 'bot', body: 'x' }] }, 'comments.0.authorRole'],
    ['a date without offset', { id: '1', createdAt: '2026-01-01 10:00' }, 'createdAt'],
  ])('rejects %s', (_name, input, path) => {
    const result = Ticket.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('requires the ticket under a "ticket" key in a triage request', () => {
    expect(TriageRequest.safeParse({ id: '1' }).success).toBe(false);
    expect(TriageRequest.safeParse({ ticket: { id: '1' } }).success).toBe(true);
  });
});

describe('FeedbackEvent', () => {
  const base = {
    idempotencyKey: 'k-12345678',
    ticketId: '7',
    label: 'billing',
    actor: { id: 'agent-1' },
    at: '2026-11-23T10:00:00Z',
  };

  it('accepts an accept event and defaults the role to agent', () => {
    const event = FeedbackEvent.parse({ ...base, kind: 'accept' });
    expect(event.actor.role).toBe('agent');
    expect(event.correctedLabel).toBeNull();
  });

  it('rejects a correct event without the corrected label', () => {
    const result = FeedbackEvent.safeParse({ ...base, kind: 'correct' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['correctedLabel']);
  });

  it('rejects a short idempotency key', () => {
    expect(FeedbackEvent.safeParse({ ...base, kind: 'like', idempotencyKey: 'x' }).success).toBe(false);
  });
});

describe('SimilarQuery', () => {
  it('coerces the limit from a query string and caps it at 50', () => {
    expect(SimilarQuery.parse({ q: 'refund', limit: '7' }).limit).toBe(7);
    expect(SimilarQuery.safeParse({ q: 'refund', limit: '500' }).success).toBe(false);
    expect(SimilarQuery.safeParse({ q: '   ' }).success).toBe(false);
  });
});

describe('suggestionSchema', () => {
  const schema = suggestionSchema({ labels: ['billing', 'bug'], urgency: ['low', 'high'], tags: ['refund'] });

  it('accepts only labels, urgency levels and tags from the vocabulary', () => {
    const good = { label: 'bug', urgency: 'high', tags: ['refund'], summary: 's', reason: 'r' };
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse({ ...good, label: 'weather' }).success).toBe(false);
    expect(schema.safeParse({ ...good, tags: ['vip'] }).success).toBe(false);
  });

  it('makes every field required, as strict structured output needs', () => {
    expect(schema.safeParse({ label: 'bug', urgency: 'high', tags: [], summary: 's' }).success).toBe(false);
  });
});
