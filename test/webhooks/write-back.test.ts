import { describe, expect, it } from 'vitest';
import { backgroundDecision, type TriageResult } from '../../src/contract/index.ts';
import { TicketJobPayload, toTriageTicket, writeBackUpdate, writtenBand } from '../../server/webhooks/index.ts';
import type { ZendeskTicket } from '../../server/zendesk/index.ts';

const THRESHOLDS = { auto: 0.85, review: 0.6 };
const ticket: ZendeskTicket = {
  id: 7,
  subject: 'S',
  description: 'D',
  tags: ['vip'],
  priority: null,
  type: null,
  status: 'open',
  requester_id: 1,
  created_at: '2026-12-07T09:00:00Z',
  updated_at: '2026-12-07T10:00:00Z',
};
const at = '2026-12-07T10:00:00Z';
const result = (
  decision: TriageResult['decision'],
  confidence: number,
  tags: string[] = [],
  language: string | null = null,
) =>
  ({
    decision,
    language,
    label: { confidence },
    tags,
    urgency: { priority: 'high' },
    ticketType: 'incident',
  }) as unknown as TriageResult;

describe('writtenBand', () => {
  it.each([
    ['auto', 0.95, 'high'],
    ['auto', 0.7, 'medium'],
    ['draft', 0.95, 'medium'],
    ['draft', 0.5, 'low'],
    ['review', 0.99, 'low'],
    ['review', 0.7, 'low'],
  ] as const)(
    'a %s decision at %s is tagged %s: never above what the decision stands for',
    (decision, confidence, band) => {
      expect(writtenBand(result(decision, confidence), THRESHOLDS)).toBe(band);
    },
  );

  it('tags an out-of-scope review at high confidence as low, beside triage_review', () => {
    const update = writeBackUpdate(ticket, result('review', 0.97), THRESHOLDS);
    expect(update?.additional_tags).toEqual(expect.arrayContaining(['triage_review', 'triage_confidence_low']));
    expect(update?.additional_tags).not.toContain('triage_confidence_high');
  });
});

describe('writeBackUpdate', () => {
  it('auto: decision, band and suggested tags as Zendesk tags; priority and type where unset; the stamp read', () => {
    expect(writeBackUpdate(ticket, result('auto', 0.9, ['invoice', 'Plan Change']), THRESHOLDS)).toEqual({
      additional_tags: ['triage_auto', 'triage_confidence_high', 'invoice', 'plan_change'],
      priority: 'high',
      type: 'incident',
      safe_update: true,
      updated_stamp: '2026-12-07T10:00:00Z',
    });
  });

  it('adds the detected language as triage_lang_xx whatever the decision, and no language tag when unsure', () => {
    expect(writeBackUpdate(ticket, result('review', 0.3, ['invoice'], 'de'), THRESHOLDS)?.additional_tags).toEqual([
      'triage_review',
      'triage_confidence_low',
      'triage_lang_de',
    ]);
    expect(writeBackUpdate(ticket, result('auto', 0.9, ['invoice'], 'fr'), THRESHOLDS)?.additional_tags).toEqual([
      'triage_auto',
      'triage_confidence_high',
      'triage_lang_fr',
      'invoice',
    ]);
    expect(writeBackUpdate(ticket, result('draft', 0.7), THRESHOLDS)?.additional_tags).toEqual([
      'triage_draft',
      'triage_confidence_medium',
    ]);
  });

  it('review: decision and band only, nothing else touched', () => {
    expect(writeBackUpdate(ticket, result('review', 0.3, ['invoice']), THRESHOLDS)).toEqual({
      additional_tags: ['triage_review', 'triage_confidence_low'],
      safe_update: true,
      updated_stamp: '2026-12-07T10:00:00Z',
    });
  });

  it('writes nothing when the ticket has it all already (a job run again after its write)', () => {
    const done: ZendeskTicket = {
      ...ticket,
      tags: ['vip', 'triage_auto', 'triage_confidence_high'],
      priority: 'low',
      type: 'task',
    };
    expect(writeBackUpdate(done, result('auto', 0.9), THRESHOLDS)).toBeNull();
  });
});

describe('writeBackUpdate on a re-triage (a new comment)', () => {
  const reviewed: ZendeskTicket = {
    ...ticket,
    tags: ['vip', 'triage_review', 'triage_confidence_low', 'triage_lang_de', 'billing', 'triage_lang_fr'],
  };

  it('replaces our own contradicted decision, band and language tags, and removes no other tag', () => {
    const update = writeBackUpdate(reviewed, result('auto', 0.9, ['invoice'], 'en'), THRESHOLDS);
    expect(update).toEqual({
      additional_tags: ['triage_auto', 'triage_confidence_high', 'triage_lang_en', 'invoice'],
      remove_tags: ['triage_review', 'triage_confidence_low', 'triage_lang_de', 'triage_lang_fr'],
      priority: 'high',
      type: 'incident',
      safe_update: true,
      updated_stamp: reviewed.updated_at,
    });
    // The agent's `vip` and the label tag `billing` stay, even though the new result does not suggest `billing`.
    expect(update?.remove_tags).not.toContain('vip');
    expect(update?.remove_tags).not.toContain('billing');
  });

  it('keeps the language tag it still agrees with, and the earlier one when the new detection is unsure', () => {
    expect(writeBackUpdate(reviewed, result('draft', 0.7, [], 'de'), THRESHOLDS)?.remove_tags).toEqual([
      'triage_review',
      'triage_confidence_low',
      'triage_lang_fr',
    ]);
    expect(writeBackUpdate(reviewed, result('draft', 0.7), THRESHOLDS)?.remove_tags).toEqual([
      'triage_review',
      'triage_confidence_low',
    ]);
  });

  it('writes only a removal when the right tags are there but a stale one of ours is too', () => {
    const both: ZendeskTicket = { ...ticket, tags: ['triage_auto', 'triage_review', 'triage_confidence_high'] };
    expect(writeBackUpdate({ ...both, priority: 'low', type: 'task' }, result('auto', 0.9), THRESHOLDS)).toEqual({
      additional_tags: [],
      remove_tags: ['triage_review'],
      safe_update: true,
      updated_stamp: both.updated_at,
    });
  });

  it('auto on an assigned ticket: decision, band and language only; no suggested tags, priority, type or group', () => {
    const assigned: ZendeskTicket = { ...reviewed, assignee_id: 42, group_id: null };
    const routing = { groupId: 6, defaultGroupId: 1 };
    expect(writeBackUpdate(assigned, result('auto', 0.9, ['invoice'], 'de'), THRESHOLDS, routing)).toEqual({
      additional_tags: ['triage_auto', 'triage_confidence_high'],
      remove_tags: ['triage_review', 'triage_confidence_low', 'triage_lang_fr'],
      safe_update: true,
      updated_stamp: assigned.updated_at,
    });
  });
});

describe('backgroundDecision', () => {
  it('reads the one decision tag, and the most cautious of several (a ticket written before tags were replaced)', () => {
    expect(backgroundDecision(['vip', 'triage_auto'])).toBe('auto');
    expect(backgroundDecision(['triage_auto', 'triage_review'])).toBe('review');
    expect(backgroundDecision(['triage_auto', 'triage_draft'])).toBe('draft');
    expect(backgroundDecision(['vip'])).toBeNull();
  });
});

describe('toTriageTicket', () => {
  it('leaves out the first comment (the description) and tells the requester from agents', () => {
    expect(
      toTriageTicket(ticket, [
        { id: 1, author_id: 1, body: 'D', public: true, created_at: at },
        { id: 2, author_id: 2, body: '**agent** reply', plain_body: 'agent reply', public: false, created_at: at },
        { id: 3, author_id: 1, body: 'thanks', public: true, created_at: at },
      ]),
    ).toMatchObject({
      id: '7',
      comments: [
        { authorRole: 'agent', body: 'agent reply', public: false },
        { authorRole: 'requester', body: 'thanks', public: true },
      ],
      status: 'open',
    });
  });
});

describe('TicketJobPayload', () => {
  it.each(['0', '01', 'demo-1', '1e3', '99999999999999999999', ''])(
    'refuses %j, which is no Zendesk ticket id',
    (id) => {
      const payload = { eventId: 'e', type: 'zen:event-type:ticket.created', ticketId: id };
      expect(TicketJobPayload.safeParse(payload).success).toBe(false);
    },
  );

  it('takes a Zendesk id as the store keeps it', () => {
    const payload = { eventId: 'e', type: 'zen:event-type:ticket.created', ticketId: '9007199254740991' };
    expect(TicketJobPayload.parse(payload).ticketId).toBe('9007199254740991');
  });
});
