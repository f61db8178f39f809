import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../../src/contract/index.ts';
import { toTriageTicket, writeBackUpdate, type ZendeskTicket } from '../../server/webhooks/index.ts';

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
  updated_at: '2026-12-07T10:00:00Z',
};
const result = (decision: TriageResult['decision'], confidence: number, tags: string[] = []) =>
  ({
    decision,
    label: { confidence },
    tags,
    urgency: { priority: 'high' },
    ticketType: 'incident',
  }) as unknown as TriageResult;

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

  it('review: decision and band only, nothing else touched', () => {
    expect(writeBackUpdate(ticket, result('review', 0.3, ['invoice']), THRESHOLDS)).toEqual({
      additional_tags: ['triage_review', 'triage_confidence_low'],
      safe_update: true,
      updated_stamp: '2026-12-07T10:00:00Z',
    });
  });

  it('writes nothing when the ticket has it all already (a job run again after its write)', () => {
    const done = {
      ...ticket,
      tags: ['vip', 'triage_auto', 'triage_confidence_high'],
      priority: 'low',
      type: 'task',
    } as const;
    expect(writeBackUpdate(done, result('auto', 0.9), THRESHOLDS)).toBeNull();
  });
});

describe('toTriageTicket', () => {
  it('leaves out the first comment (the description) and tells the requester from agents', () => {
    expect(
      toTriageTicket(ticket, [
        { author_id: 1, body: 'D', public: true },
        { author_id: 2, body: 'agent reply', public: false },
        { author_id: 1, body: 'thanks', public: true },
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
