// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { zafTicket } from '../../app/preview/index.ts';
import { readTicket } from '../../app/shared/ticket-reader.ts';
import type { ZafClient } from '../../app/shared/zaf-types.ts';
import { Ticket } from '../../src/contract/index.ts';
import { textHash } from '../../src/triage/index.ts';
import { buildPreviewTickets, previewTicketInput } from '../../server/preview/index.ts';
import { UNCLEAR_TICKETS } from '../../server/preview/unclear-tickets.ts';

/** Answers `get` the way the preview host does for this ticket (only `get` is used by readTicket). */
function hostClient(root: Record<string, unknown>): ZafClient {
  const resolve = (path: string) =>
    path
      .split('.')
      .reduce<unknown>(
        (value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined),
        root,
      );
  return {
    get: async (paths: string | string[]) =>
      Object.fromEntries((Array.isArray(paths) ? paths : [paths]).map((path) => [path, resolve(path)])),
  } as unknown as ZafClient;
}

describe('demo inbox', () => {
  const tickets = buildPreviewTickets();

  it('adds the unclear tickets to the picker after the generated ones, with the next ids', () => {
    const unclear = tickets.incoming.slice(-UNCLEAR_TICKETS.length);
    expect(unclear.map((ticket) => ticket.subject)).toEqual(UNCLEAR_TICKETS.map((ticket) => ticket.subject));
    const ids = tickets.incoming.map((ticket) => Number(ticket.id));
    expect(ids).toEqual(ids.map((_id, index) => 100_001 + index));
    expect(tickets.find(String(unclear[0]?.id))).toEqual(unclear[0]);
  });

  it('sends the backend the same text the sidebar reads, so opening a triaged inbox ticket reuses its stored result', async () => {
    for (const ticket of tickets.incoming) {
      const read = Ticket.parse(await readTicket(hostClient({ ticket: zafTicket(ticket) })));
      const sent = Ticket.parse(previewTicketInput(ticket));
      expect(await textHash(sent), `ticket ${ticket.id}`).toBe(await textHash(read));
      expect(sent.participants.map((participant) => participant.name)).toContain(ticket.requester.name);
    }
  });
});
