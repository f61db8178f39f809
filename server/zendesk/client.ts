import type { z } from 'zod';
import { UpdateConflictError, ZendeskApiError } from './errors.ts';
import type { ZendeskConnection } from '../config/index.ts';
import { createZendeskRequest, type RequestOptions, type ZendeskRequest } from './request.ts';
import {
  CommentsPage,
  GroupsPage,
  TicketExportPage,
  TicketReply,
  type ZendeskComment,
  type ZendeskGroup,
  type ZendeskTicket,
} from './schemas.ts';

/** Where an export starts: a stored cursor, or (first run) a Unix time in seconds. */
export type ExportStart = { readonly cursor: string } | { readonly startTime: number };

/**
 * The fields a write-back sends (PUT /api/v2/tickets/{id}.json). `additional_tags` adds tags and `remove_tags` removes
 * named ones, neither touching the others; `safe_update` with the `updated_stamp` read makes Zendesk refuse (409) an update over a newer change.
 */
export interface TicketUpdate {
  readonly additional_tags?: readonly string[];
  /** Removes just these tags, leaving every other one (the write-back sends only its own stale tags). */
  readonly remove_tags?: readonly string[];
  readonly priority?: 'urgent' | 'high' | 'normal' | 'low';
  readonly type?: 'problem' | 'incident' | 'question' | 'task';
  /** The label's group; set only under the routing rule (src/routing), never over an agent's choice. */
  readonly group_id?: number;
  readonly custom_fields?: readonly { readonly id: number; readonly value: string | number | boolean | null }[];
  /** The ticket's `updated_at` as read: Zendesk compares it with the ticket's current one. */
  readonly updated_stamp: string;
  readonly safe_update: true;
}

/**
 * What the background triage uses: read a ticket and its comments, write back safely. ZendeskClient implements it over
 * HTTP; tests may use an in-memory double. Ids are Zendesk's own (positive integers); errors carry no ticket text.
 */
export interface ZendeskTickets {
  getTicket(id: number, signal?: AbortSignal): Promise<ZendeskTicket>;
  /** Every comment, oldest first (follows next_page). */
  ticketComments(id: number, signal?: AbortSignal): Promise<ZendeskComment[]>;
  /** Throws UpdateConflictError on 409 (the ticket changed since `updated_stamp`); returns the ticket as updated. */
  updateTicket(id: number, update: TicketUpdate, signal?: AbortSignal): Promise<ZendeskTicket>;
}

/** What routing uses: the account's groups, to resolve the taxonomy's group names. */
export interface ZendeskGroups {
  /** Every group, deleted ones included (flagged), following cursor pages. */
  listGroups(signal?: AbortSignal): Promise<ZendeskGroup[]>;
}

/** Groups per page: the most cursor pagination allows. */
const GROUPS_PAGE_SIZE = 100;
/** A runaway `links.next` (a proxy looping) stops here: no account has this many groups. */
const MAX_GROUP_PAGES = 100;

/** What the history import uses: the cursor-based Incremental Ticket Export, one page per call. */
export interface ZendeskTicketExport {
  incrementalTickets(start: ExportStart, signal?: AbortSignal): Promise<TicketExportPage>;
}

export interface ZendeskClientOptions extends RequestOptions {
  /** Tickets per export page (Zendesk: at most 1000, the default). */
  readonly exportPageSize?: number;
}

/** A Zendesk Support API client over one request function (see createZendeskRequest). */
export class ZendeskClient implements ZendeskTickets, ZendeskTicketExport, ZendeskGroups {
  readonly #request: ZendeskRequest;
  readonly #pageSize: number | undefined;

  constructor(connection: ZendeskConnection, options: ZendeskClientOptions = {}) {
    this.#request = createZendeskRequest(connection, options);
    this.#pageSize = options.exportPageSize;
  }

  async incrementalTickets(start: ExportStart, signal?: AbortSignal): Promise<TicketExportPage> {
    const query = new URLSearchParams(
      'cursor' in start ? { cursor: start.cursor } : { start_time: String(Math.max(0, Math.floor(start.startTime))) },
    );
    if (this.#pageSize !== undefined) query.set('per_page', String(this.#pageSize));
    const { value } = await this.#request(
      'GET',
      `/api/v2/incremental/tickets/cursor.json?${query}`,
      TicketExportPage,
      signal ? { signal } : {},
    );
    return value;
  }

  async getTicket(id: number, signal?: AbortSignal): Promise<ZendeskTicket> {
    const { value } = await this.#request('GET', `/api/v2/tickets/${ticketId(id)}.json`, TicketReply, { signal });
    return value.ticket;
  }

  async ticketComments(id: number, signal?: AbortSignal): Promise<ZendeskComment[]> {
    const comments: ZendeskComment[] = [];
    let path: string | null = `/api/v2/tickets/${ticketId(id)}/comments.json?sort_order=asc`;
    while (path !== null) {
      const { value }: { value: { comments: ZendeskComment[]; next_page?: string | null | undefined } } =
        await this.#request('GET', path, CommentsPage, { signal });
      comments.push(...value.comments);
      path = value.next_page ? samePathAndQuery(value.next_page) : null;
    }
    return comments;
  }

  async listGroups(signal?: AbortSignal): Promise<ZendeskGroup[]> {
    const groups: ZendeskGroup[] = [];
    let path: string | null = `/api/v2/groups.json?page[size]=${GROUPS_PAGE_SIZE}`;
    for (let page = 0; path !== null && page < MAX_GROUP_PAGES; page++) {
      const { value }: { value: z.infer<typeof GroupsPage> } = await this.#request('GET', path, GroupsPage, { signal });
      groups.push(...value.groups);
      const next = value.links?.next;
      path = value.meta?.has_more === true && next ? samePathAndQuery(next) : null;
    }
    return groups;
  }

  async updateTicket(id: number, update: TicketUpdate, signal?: AbortSignal): Promise<ZendeskTicket> {
    try {
      const { value } = await this.#request('PUT', `/api/v2/tickets/${ticketId(id)}.json`, TicketReply, {
        body: { ticket: update },
        signal,
      });
      return value.ticket;
    } catch (error) {
      if (error instanceof ZendeskApiError && error.status === 409)
        throw new UpdateConflictError(id, { zendeskError: error.zendeskError, description: error.description });
      throw error;
    }
  }
}

function ticketId(id: number): number {
  if (!isZendeskTicketId(id)) throw new RangeError(`a Zendesk ticket id is a positive integer, got ${id}`);
  return id;
}

/** Zendesk ticket ids are positive integers (the store keeps them as their decimal text). */
export function isZendeskTicketId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1;
}

/** A next_page URL's path and query: followed on the connection's own origin only. */
function samePathAndQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
