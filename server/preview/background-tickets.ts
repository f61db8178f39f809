import type { PreviewTicket } from '../../src/preview-host/index.ts';
import type { FakeTicket, FakeZendesk } from '../zendesk-local/index.ts';

/** Tickets made with the preview's "New ticket" start here, apart from the demo inbox (100001…). */
export const FIRST_BACKGROUND_TICKET_ID = 200_001;

/** The customer who writes the preview's new tickets, and the app's own user (who writes the triage back). */
const REQUESTER = { id: 900_001, name: 'Robin Requester', email: 'robin.requester@example.com' };

/**
 * The preview's tickets that live in the local Zendesk: created from the page, triaged in the background by the
 * webhook → job → write-back path, and shown to the sidebar as Zendesk holds them now.
 */
export interface BackgroundTickets {
  create(subject: string, description: string): PreviewTicket;
  find(id: string): PreviewTicket | undefined;
  /** Newest first. */
  list(): PreviewTicket[];
}

export function backgroundTickets(zendesk: Pick<FakeZendesk, 'createTicket' | 'tickets'>): BackgroundTickets {
  return {
    create(subject, description) {
      return toPreview(zendesk.createTicket({ subject, comment: { body: description }, requester_id: REQUESTER.id }));
    },
    find(id) {
      if (!/^\d{1,12}$/.test(id)) return undefined;
      const ticket = zendesk.tickets.get(Number(id));
      return ticket && ticket.id >= FIRST_BACKGROUND_TICKET_ID ? toPreview(ticket) : undefined;
    },
    list() {
      return [...zendesk.tickets.values()]
        .filter((ticket) => ticket.id >= FIRST_BACKGROUND_TICKET_ID)
        .sort((a, b) => b.id - a.id)
        .map(toPreview);
    },
  };
}

function toPreview(ticket: FakeTicket): PreviewTicket {
  const requester = ticket.requester_id === REQUESTER.id ? REQUESTER : { ...REQUESTER, id: ticket.requester_id };
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    // The local Zendesk's own types already are the preview's; only its `deleted` status is not a ticket's.
    status: ticket.status === 'deleted' ? 'open' : ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    tags: [...ticket.tags],
    requester,
    assignee: null,
    // The group the local Zendesk holds: the default one at first, the label's after an `auto` write-back routed it.
    groupId: ticket.group_id,
    // The first comment is the description.
    comments: ticket.comments.slice(1).map((comment) => ({
      id: comment.id,
      author:
        comment.author_id === ticket.requester_id
          ? { ...requester, role: 'end-user' as const }
          : { id: comment.author_id, name: 'Agent', email: 'agent@example.com', role: 'agent' as const },
      body: comment.body,
      public: comment.public,
      createdAt: comment.created_at,
    })),
    locale: 'en',
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
  };
}
