import { afterEach, describe, expect, it } from 'vitest';
import { isConflict, zendeskClientTickets } from '../../server/webhooks/index.ts';
import { ZendeskClient } from '../../server/zendesk/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../server/zendesk-local/index.ts';

const auth = { email: 'agent@example.com', apiToken: 'tok-123' };
let fake: FakeZendesk | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const ticketsOf = (url: string) =>
  zendeskClientTickets(
    new ZendeskClient(
      { baseUrl: url, auth: { kind: 'api-token', ...auth } },
      { policy: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 5_000 } },
    ),
  );

describe('the write-back job over the real Zendesk client (local Zendesk)', () => {
  it('reads a ticket and its comments by the id the store keeps, and writes back with a safe update', async () => {
    fake = await startFakeZendesk({
      auth,
      tickets: [{ subject: 'Refund please', priority: 'high', type: null, tags: ['vip'] }],
    });
    const zendesk = ticketsOf(fake.url);
    const ticket = await zendesk.getTicket('1');
    expect(ticket).toMatchObject({ id: 1, subject: 'Refund please', priority: 'high', type: null, tags: ['vip'] });
    expect(Array.isArray(await zendesk.ticketComments('1'))).toBe(true);
    await zendesk.updateTicket('1', {
      additional_tags: ['triage_review'],
      safe_update: true,
      updated_stamp: ticket.updated_at,
    });
    expect(fake.tickets.get(1)?.tags).toEqual(['vip', 'triage_review']);
  });

  it('answers a stale stamp with a conflict the job recognises, and refuses ids that are not Zendesk ids', async () => {
    fake = await startFakeZendesk({ auth, tickets: [{ subject: 'Locked out' }] });
    const zendesk = ticketsOf(fake.url);
    const ticket = await zendesk.getTicket('1');
    fake.touch(1);
    const conflict = await zendesk
      .updateTicket('1', { additional_tags: ['triage_review'], safe_update: true, updated_stamp: ticket.updated_at })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isConflict(conflict)).toBe(true);
    for (const id of ['0', '01', 'demo-1', '1e3', '99999999999999999999'])
      await expect(zendesk.getTicket(id)).rejects.toThrow(RangeError);
  });
});
