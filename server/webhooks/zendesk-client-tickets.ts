import { ZendeskPriority, ZendeskTicketType } from '../../src/contract/index.ts';
import type { ZendeskClient } from '../zendesk/index.ts';
import type { ZendeskTickets } from './zendesk-tickets.ts';

/** Zendesk ticket ids are positive integers; the store keeps them as text (the sidebar asks by that text). */
function zendeskId(id: string): number {
  const value = Number(id);
  if (!/^[1-9]\d*$/.test(id) || !Number.isSafeInteger(value))
    throw new RangeError('not a Zendesk ticket id: the webhook named a ticket id that is not a positive integer');
  return value;
}

/**
 * The write-back job's view of an account through server/zendesk's client: ids as the store keeps them, priority and
 * type only when Zendesk's own values (anything else reads as none), the plain text of comments. A safe-update conflict
 * stays the client's UpdateConflictError (status 409), which the job re-reads and retries.
 */
export function zendeskClientTickets(client: ZendeskClient): ZendeskTickets {
  return {
    async getTicket(id, signal) {
      const ticket = await client.getTicket(zendeskId(id), signal);
      const priority = ZendeskPriority.safeParse(ticket.priority);
      const type = ZendeskTicketType.safeParse(ticket.type);
      return {
        id: ticket.id,
        subject: ticket.subject ?? null,
        description: ticket.description ?? null,
        tags: ticket.tags,
        priority: priority.success ? priority.data : null,
        type: type.success ? type.data : null,
        status: ticket.status,
        requester_id: null,
        ...(ticket.group_id === undefined ? {} : { group_id: ticket.group_id }),
        ...(ticket.assignee_id === undefined ? {} : { assignee_id: ticket.assignee_id }),
        updated_at: ticket.updated_at,
      };
    },
    async ticketComments(id, signal) {
      return (await client.ticketComments(zendeskId(id), signal)).map((comment) => ({
        author_id: comment.author_id ?? null,
        body: comment.plain_body ?? comment.body,
        public: comment.public,
        created_at: comment.created_at,
      }));
    },
    async updateTicket(id, update, signal) {
      await client.updateTicket(zendeskId(id), update, signal);
    },
  };
}
