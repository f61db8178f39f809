// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { plainText, readTicket, TicketReadError } from '../../app/shared/ticket-reader.ts';
import { StubZafClient } from './support/stub-zaf-client.ts';
import { ticketFields } from './support/fixtures.ts';

describe('readTicket', () => {
  it('falls back to ticket.comments when the host has no ticket.conversation', async () => {
    const fields = { ...ticketFields };
    delete fields['ticket.conversation'];
    const client = new StubZafClient({
      fields: {
        ...fields,
        'ticket.comments': [
          { author: { name: 'Dana Example', role: 'end-user' }, value: 'First<br>line', nonPublic: false },
          { author: { name: 'Alex Agent', role: 'agent' }, value: 'Internal note', nonPublic: true },
        ],
      },
    });
    const ticket = await readTicket(client);
    expect(ticket.comments).toEqual([
      { authorRole: 'requester', authorName: 'Dana Example', body: 'First\nline', public: true },
      { authorRole: 'agent', authorName: 'Alex Agent', body: 'Internal note', public: false },
    ]);
    expect(ticket.locale).toBe('en-US');
  });

  it('sends a ticket with a NUL or half an emoji as well-formed text the backend accepts', async () => {
    const broken = 'Refund \u0000please \ud83d';
    const client = new StubZafClient({
      fields: {
        ...ticketFields,
        'ticket.subject': broken,
        'ticket.description': broken,
        'ticket.tags': ['vip\u0000'],
        'ticket.requester': { name: 'Dana \udc4d', email: 'dana@example.com', locale: 'en-US' },
        'ticket.conversation': [
          { author: { name: 'Dana \udc4d', role: 'end-user' }, message: { content: broken }, channel: { name: 'web' } },
        ],
      },
    });
    const ticket = await readTicket(client);
    expect(ticket.subject).toBe('Refund please \uFFFD');
    expect(ticket.description).toBe('Refund please \uFFFD');
    expect(ticket.comments?.[0]?.body).toBe('Refund please \uFFFD');
    expect(ticket.tags).toEqual(['vip']);
    expect(Ticket.safeParse(ticket).success).toBe(true);
  });

  it('throws a TicketReadError when the host answers no ticket id (not on a ticket)', async () => {
    const client = new StubZafClient({ fields: { 'ticket.subject': 'x' } });
    await expect(readTicket(client)).rejects.toBeInstanceOf(TicketReadError);
  });

  it.each([
    ['plain text stays as it is', 'a < b', 'a < b'],
    ['tags go, entities decode', '<p>Tom &amp; Jerry</p>', 'Tom & Jerry'],
    ['line breaks survive', 'one<br/>two', 'one\ntwo'],
    ['scripts do not run and their text is kept as text', '<img src=x onerror="window.hacked=1">hi', 'hi'],
  ])('plainText: %s', (_name, html, expected) => {
    expect(plainText(html)).toBe(expected);
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });
});
