import type { ZendeskPriority, ZendeskTicketType } from '../../src/contract/index.ts';
import { ZendeskApiError } from '../zendesk/index.ts';

/**
 * What the write-back job needs of the Zendesk API, in the API's own field names. server/zendesk's client implements
 * it; tests use an in-memory double. Errors carry no ticket text.
 */
export interface ZendeskTickets {
  /** GET /api/v2/tickets/{id}.json */
  getTicket(id: string, signal?: AbortSignal): Promise<ZendeskTicket>;
  /** GET /api/v2/tickets/{id}/comments.json, oldest first. */
  ticketComments(id: string, signal?: AbortSignal): Promise<ZendeskComment[]>;
  /** PUT /api/v2/tickets/{id}.json with `{ ticket: update }`; a stale `updated_stamp` throws a 409 (see isConflict). */
  updateTicket(id: string, update: ZendeskTicketUpdate, signal?: AbortSignal): Promise<void>;
}

/** The ticket fields read; `updated_at` is the stamp a safe update sends back. */
export interface ZendeskTicket {
  readonly id: number | string;
  readonly subject: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly priority: ZendeskPriority | null;
  readonly type: ZendeskTicketType | null;
  readonly status: string;
  readonly requester_id: number | string | null;
  /** Who the ticket is assigned to (null: nobody); absent when not read, and then routing leaves the group alone. */
  readonly group_id?: number | string | null;
  readonly assignee_id?: number | string | null;
  readonly updated_at: string;
}

export interface ZendeskComment {
  readonly author_id: number | string | null;
  readonly body: string;
  readonly public: boolean;
  readonly created_at?: string;
}

/** The update written back: tags are only ever added (`additional_tags`), never replaced (`tags`). */
export interface ZendeskTicketUpdate {
  readonly additional_tags: readonly string[];
  readonly priority?: ZendeskPriority;
  readonly type?: ZendeskTicketType;
  /** The label's group, under the routing rule only (src/routing): never over an agent's group or assignee. */
  readonly group_id?: number;
  /** With `updated_stamp`, Zendesk answers 409 instead of applying over a change made since the ticket was read. */
  readonly safe_update: true;
  readonly updated_stamp: string;
}

/** The client for an installation's Zendesk account (its subdomain and credentials). */
export type ZendeskFor = (installation: string) => ZendeskTickets | Promise<ZendeskTickets>;

/** A 409 from updateTicket: the client's UpdateConflictError (a safe update refused: the ticket changed since read). */
export function isConflict(error: unknown): boolean {
  return error instanceof ZendeskApiError && error.status === 409;
}
