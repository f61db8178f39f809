import { afterEach, describe, expect, it } from 'vitest';
import type { TriageResult } from '../../src/contract/index.ts';
import { writeBackUpdate } from '../../server/webhooks/index.ts';
import type { ZendeskTicket } from '../../server/zendesk/index.ts';
import type { FakeGroup, FakeTicket, FakeZendesk } from '../../server/zendesk-local/index.ts';
import { localTicketJobs } from '../support/local-ticket-jobs.ts';

const THRESHOLDS = { auto: 0.85, review: 0.6 };
const SUPPORT = 1;
const BILLING = 6;
const PRODUCT = 7;
const GROUPS: FakeGroup[] = [
  { id: SUPPORT, name: 'Support', default: true },
  { id: 2, name: 'Tier 2 – Incidents' },
  { id: BILLING, name: 'Billing' },
  { id: PRODUCT, name: 'Product' },
];
/** The classifier double answers billing at 0.95 (auto) for "invoice", bug at 0.4 (review) otherwise. */
const INVOICE = { subject: 'Invoice is wrong', description: 'The invoice for November charges us twice.' };
const CRASH = { subject: 'App crashes', description: 'The app crashes when I open settings.' };

let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** Runs the real job handler over the real client against the local Zendesk, once per ticket id. */
async function triage(
  tickets: Partial<FakeTicket>[],
  options: { groups?: 'read' | 'unreadable' } = {},
): Promise<FakeZendesk> {
  const jobs = await localTicketJobs({ tickets, groups: GROUPS, readGroups: options.groups ?? 'read' });
  fake = jobs.zendesk;
  for (const [index, ticket] of tickets.entries()) await jobs.run(ticket.id ?? index + 1);
  return fake;
}

function updateOf(zendesk: FakeZendesk, id: number): Record<string, unknown> {
  const updates = zendesk.requests.filter(
    (request) => request.route === 'update' && request.url.includes(`/${id}.json`),
  );
  expect(updates).toHaveLength(1);
  return (updates[0]!.body as { ticket: Record<string, unknown> }).ticket;
}

describe('background triage routes an auto result to its label’s group, in the one safe update', () => {
  it('sets group_id on an unassigned ticket with no group or in the default group', async () => {
    const zendesk = await triage([
      { id: 1, ...INVOICE, group_id: null },
      { id: 2, ...INVOICE, group_id: SUPPORT },
    ]);
    for (const id of [1, 2]) {
      const update = updateOf(zendesk, id);
      expect(update).toMatchObject({ group_id: BILLING, safe_update: true });
      expect(update.additional_tags).toContain('triage_auto');
      expect(zendesk.tickets.get(id)!.group_id).toBe(BILLING);
    }
    // One groups read for both jobs: the list is cached.
    expect(zendesk.requests.filter((request) => request.route === 'groups')).toHaveLength(1);
  });

  it('never moves a ticket an agent put in a group or assigned to someone', async () => {
    const zendesk = await triage([
      { id: 3, ...INVOICE, group_id: PRODUCT },
      { id: 4, ...INVOICE, group_id: SUPPORT, assignee_id: 42 },
    ]);
    for (const id of [3, 4]) {
      const update = updateOf(zendesk, id);
      expect(update.additional_tags).toContain('triage_auto');
      expect(update).not.toHaveProperty('group_id');
    }
    expect(zendesk.tickets.get(3)!.group_id).toBe(PRODUCT);
    expect(zendesk.tickets.get(4)).toMatchObject({ group_id: SUPPORT, assignee_id: 42 });
  });

  it('routes nothing that is not auto, and does not even read the groups for it', async () => {
    const zendesk = await triage([{ id: 5, ...CRASH, group_id: null }]);
    const update = updateOf(zendesk, 5);
    expect(update.additional_tags).toContain('triage_review');
    expect(update).not.toHaveProperty('group_id');
    expect(zendesk.requests.filter((request) => request.route === 'groups')).toHaveLength(0);
  });

  it('writes the rest of the update and leaves the group alone when the groups cannot be read', async () => {
    const zendesk = await triage([{ id: 6, ...INVOICE, group_id: null }], { groups: 'unreadable' });
    const update = updateOf(zendesk, 6);
    expect(update.additional_tags).toContain('triage_auto');
    expect(update).not.toHaveProperty('group_id');
  });
});

describe('writeBackUpdate with a routing target', () => {
  const ticket: ZendeskTicket = {
    id: 7,
    subject: 'S',
    description: 'D',
    tags: ['triage_auto', 'triage_confidence_high'],
    priority: 'high',
    type: 'incident',
    status: 'open',
    requester_id: 1,
    created_at: '2026-12-07T09:00:00Z',
    updated_at: '2026-12-07T10:00:00Z',
  };
  const auto = { decision: 'auto', label: { confidence: 0.9 }, tags: [], urgency: { priority: 'high' } };
  const result = auto as unknown as TriageResult;
  const routing = { groupId: BILLING, defaultGroupId: SUPPORT };

  it('writes an update for the group alone when nothing else is missing', () => {
    expect(writeBackUpdate({ ...ticket, group_id: null, assignee_id: null }, result, THRESHOLDS, routing)).toEqual({
      additional_tags: [],
      group_id: BILLING,
      safe_update: true,
      updated_stamp: ticket.updated_at,
    });
  });

  it('leaves the group alone when the ticket’s group or assignee was not read, or is unreadable', () => {
    expect(writeBackUpdate(ticket, result, THRESHOLDS, routing)).toBeNull();
    expect(writeBackUpdate({ ...ticket, group_id: null }, result, THRESHOLDS, routing)).toBeNull();
    expect(
      writeBackUpdate(
        { ...ticket, group_id: 'x' as unknown as number, assignee_id: null },
        result,
        THRESHOLDS,
        routing,
      ),
    ).toBeNull();
  });

  it('reads string ids as Zendesk’s numbers', () => {
    const update = writeBackUpdate(
      // The client's schema reads numbers; a string (an older double, a proxy) is still read as the id it spells.
      { ...ticket, group_id: String(SUPPORT) as unknown as number, assignee_id: null },
      result,
      THRESHOLDS,
      routing,
    );
    expect(update?.group_id).toBe(BILLING);
  });
});
