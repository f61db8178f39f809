import type { Reply } from './reply.ts';

/** The local Zendesk's paged reads: the cursor-based Incremental Ticket Export and the groups list. */

/** What the export pages need of a ticket; the caller shows each as Zendesk does. */
interface ExportedTicket {
  readonly id: number;
  readonly updated_at: string;
}

/**
 * One page of `GET /api/v2/incremental/tickets/cursor.json`: tickets by update time then id, after `start_time` on
 * the first request and after the cursor on the next ones. Like Zendesk's, a cursor names the last ticket exported (its
 * update time and id), not a position: a ticket changed after it comes again on the next run.
 */
export function exportPage<T extends ExportedTicket>(
  tickets: Iterable<T>,
  shown: (ticket: T) => unknown,
  pageSize: number,
  url: URL,
  reply: Reply,
): void {
  const size = Math.min(1000, Number(url.searchParams.get('per_page') ?? pageSize));
  // Plain comparisons, not localeCompare: ISO times sort as strings, and a 100k-ticket bench account pages quickly.
  let ordered = [...tickets].sort((a, b) =>
    a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id - b.id,
  );
  const key = (ticket: T) => `${ticket.updated_at}|${String(ticket.id).padStart(12, '0')}`;
  let after: string;
  const cursor = url.searchParams.get('cursor');
  if (cursor !== null) {
    after = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!/^\d{4}-\d\d-\d\dT[\d:]+Z\|\d{12}$/.test(after) && after !== '')
      return reply(400, { error: 'InvalidPaginationParameter', description: 'cursor is invalid' });
  } else {
    const startTime = Number(url.searchParams.get('start_time'));
    if (!url.searchParams.has('start_time') || !Number.isInteger(startTime) || startTime < 0)
      return reply(400, { error: 'InvalidPaginationParameter', description: 'start_time is required' });
    after = '';
    ordered = ordered.filter((ticket) => Date.parse(ticket.updated_at) / 1000 >= startTime);
  }
  const rest = ordered.filter((ticket) => key(ticket) > after);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  const afterCursor = last
    ? Buffer.from(key(last)).toString('base64url')
    : (cursor ?? Buffer.from('').toString('base64url'));
  const origin = `http://${url.host}`;
  reply(200, {
    tickets: page.map(shown),
    after_url: `${origin}/api/v2/incremental/tickets/cursor.json?cursor=${afterCursor}`,
    after_cursor: afterCursor,
    before_url: null,
    before_cursor: null,
    end_of_stream: rest.length <= size,
  });
}

/** A group of the account, as the local Zendesk is given it. */
export interface FakeGroup {
  readonly id: number;
  readonly name: string;
  readonly default?: boolean;
  readonly deleted?: boolean;
}

/** `GET /api/v2/groups.json`: cursor pagination when `page[size]` is given (meta + links), else offset pages of 100. */
export function groupsPage(groups: readonly FakeGroup[], url: URL, reply: Reply): void {
  const origin = `http://${url.host}`;
  const shownGroups = groups.map((group) => ({
    url: `${origin}/api/v2/groups/${group.id}.json`,
    default: false,
    deleted: false,
    is_public: true,
    ...group,
  }));
  const size = url.searchParams.get('page[size]');
  if (size !== null) {
    const limit = Number(size);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return reply(400, { error: 'InvalidPaginationParameter', description: 'page[size] is invalid' });
    const after = url.searchParams.get('page[after]');
    const start = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString('utf8'));
    const page = shownGroups.slice(start, start + limit);
    const hasMore = start + limit < shownGroups.length;
    const cursor = Buffer.from(String(start + limit)).toString('base64url');
    return reply(200, {
      groups: page,
      meta: { has_more: hasMore, after_cursor: hasMore ? cursor : null, before_cursor: null },
      links: {
        next: hasMore ? `${origin}/api/v2/groups.json?page[size]=${limit}&page[after]=${cursor}` : null,
        prev: null,
      },
    });
  }
  const number = Number(url.searchParams.get('page') ?? 1);
  const page = shownGroups.slice((number - 1) * 100, number * 100);
  reply(200, {
    groups: page,
    next_page: number * 100 < shownGroups.length ? `${origin}/api/v2/groups.json?page=${number + 1}` : null,
    previous_page: null,
    count: shownGroups.length,
  });
}
