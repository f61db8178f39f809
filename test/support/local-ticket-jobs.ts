import type { Runtime } from '../../server/runtime/runtime.ts';
import { ticketJobHandler, ZENDESK_TICKET_JOB } from '../../server/webhooks/index.ts';
import { groupCache, ZendeskClient } from '../../server/zendesk/index.ts';
import {
  startFakeZendesk,
  type FakeGroup,
  type FakeTicket,
  type FakeZendesk,
} from '../../server/zendesk-local/index.ts';
import { testRuntime } from './test-runtime.ts';

const auth = { email: 'agent@example.com', apiToken: 'tok-123' };

export interface LocalTicketJobs {
  readonly zendesk: FakeZendesk;
  /** Runs the ticket job for one event of the ticket, as the worker would after a webhook. */
  run(ticketId: number, type?: 'created' | 'comment_added'): Promise<void>;
}

/**
 * The real ticket job handler over the real Zendesk client, against a local Zendesk over HTTP holding `tickets` and
 * `groups`, with the test runtime's classifier double; write-back on. `groups: 'unreadable'` makes routing find none.
 */
export async function localTicketJobs(options: {
  tickets: Partial<FakeTicket>[];
  groups: FakeGroup[];
  readGroups?: 'read' | 'unreadable';
}): Promise<LocalTicketJobs> {
  const zendesk = await startFakeZendesk({ auth, groups: options.groups, tickets: options.tickets });
  const client = new ZendeskClient(
    { url: zendesk.url, auth: { kind: 'api-token', ...auth } },
    { policy: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 5_000 } },
  );
  const cache = groupCache({ load: (_installation, signal) => client.listGroups(signal) });
  const runtime = testRuntime();
  const handler = ticketJobHandler({
    runtimeFor: async (installation) => ({ runtime: { ...(runtime as Runtime), installation }, release: () => {} }),
    zendeskFor: () => client,
    writeBack: () => true,
    groupsFor: async (installation, signal) =>
      options.readGroups === 'unreadable' ? null : cache.groups(installation, signal),
  });
  let events = 0;
  return {
    zendesk,
    run: (ticketId, type = 'created') => {
      events++;
      return handler(
        { eventId: `evt-${events}`, type: `zen:event-type:ticket.${type}`, ticketId: String(ticketId) },
        new AbortController().signal,
        { id: `job-${events}`, installation: 'default', kind: ZENDESK_TICKET_JOB, payload: null, attempts: 0 },
      );
    },
  };
}
