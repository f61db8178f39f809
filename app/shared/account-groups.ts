import { z } from 'zod';
import type { AccountGroup } from '../../src/routing/index.ts';
import type { TicketAssignment } from '../../src/routing/index.ts';
import type { ZafClient } from './zaf-types.ts';

// Zendesk's replies are outside data: validated, unknown fields ignored.
const GroupsPage = z.object({
  groups: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      default: z.boolean().optional(),
      deleted: z.boolean().optional(),
    }),
  ),
  meta: z.object({ has_more: z.boolean() }).partial().nullish(),
  links: z.object({ next: z.string().nullish() }).partial().nullish(),
});

const Assignee = z.object({
  group: z.object({ id: z.number().int().nullish() }).passthrough().nullish(),
  user: z.object({ id: z.number().int().nullish() }).passthrough().nullish(),
});

/** Cursor pages of 100 (the most Zendesk allows); a looping `links.next` stops here. */
const FIRST_PAGE = '/api/v2/groups.json?page[size]=100';
const MAX_PAGES = 50;

/** Thrown when the account's groups cannot be read or do not look like Zendesk's answer. */
export class AccountGroupsError extends Error {
  readonly code = 'ZENDESK_GROUPS_UNAVAILABLE';
  constructor(cause: unknown) {
    super('the account groups could not be read', { cause });
    this.name = 'AccountGroupsError';
  }
}

const cache = new WeakMap<ZafClient, Promise<AccountGroup[]>>();

/**
 * The account's groups through ZAF (`GET /api/v2/groups.json`, Zendesk's own API: no proxy, no secret), following
 * cursor pages. Read once per app instance; a failed read is tried again on the next call.
 */
export function readAccountGroups(client: ZafClient): Promise<AccountGroup[]> {
  const known = cache.get(client);
  if (known) return known;
  const read = (async () => {
    const groups: AccountGroup[] = [];
    let url: string | null = FIRST_PAGE;
    for (let page = 0; url !== null && page < MAX_PAGES; page++) {
      const body = await client.request({ url, type: 'GET', dataType: 'json' });
      const parsed = GroupsPage.safeParse(body);
      if (!parsed.success) throw new AccountGroupsError(parsed.error);
      groups.push(...parsed.data.groups);
      const next = parsed.data.links?.next;
      url = parsed.data.meta?.has_more === true && next ? pathOf(next) : null;
    }
    return groups;
  })().catch((error: unknown) => {
    cache.delete(client);
    throw error instanceof AccountGroupsError ? error : new AccountGroupsError(error);
  });
  cache.set(client, read);
  return read;
}

/** `links.next` is absolute (the account's origin): ZAF requests the account's API by path. */
function pathOf(url: string): string {
  const parsed = new URL(url, 'https://account.invalid');
  return `${parsed.pathname}${parsed.search}`;
}

/** The ticket's group and assignee now (`ticket.assignee`: `{ group, user }`); null ids where there is none. */
export async function readAssignment(client: ZafClient): Promise<TicketAssignment> {
  const answer = await client.get('ticket.assignee');
  const parsed = Assignee.safeParse(answer['ticket.assignee']);
  if (!parsed.success) throw new AccountGroupsError(parsed.error);
  return { groupId: parsed.data.group?.id ?? null, assigneeId: parsed.data.user?.id ?? null };
}

/** Puts the ticket in `groupId`, keeping it unassigned (the ZAF Ticket object's `ticket.assignee` with `groupId`). */
export async function assignGroup(client: ZafClient, groupId: number): Promise<void> {
  const answer = await client.set('ticket.assignee', { groupId });
  const error = answer.errors?.['ticket.assignee'];
  if (error) throw new AccountGroupsError(error);
}
