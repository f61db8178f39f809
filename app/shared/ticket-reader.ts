import { z } from 'zod';
import { wellFormedText, type AuthorRole, type TicketInput, type TicketStatus } from '../../src/contract/index.ts';
import type { ZafClient } from './zaf-types.ts';

// What the host answers is outside data: validated loosely, then mapped to the contract's Ticket. Its text is made
// well-formed (a NUL or half an emoji in a Zendesk ticket would make the backend refuse the whole request).
const HostText = z.string().transform(wellFormedText);
const Author = z.object({ name: HostText.nullish(), role: z.string().nullish() }).passthrough();
const ConversationEntry = z.object({
  author: Author.nullish(),
  channel: z.object({ name: HostText.nullish() }).passthrough().nullish(),
  message: z.object({ content: HostText.nullish(), contentType: z.string().nullish() }).passthrough().nullish(),
  timestamp: z.string().nullish(),
});
const CommentEntry = z.object({
  author: Author.nullish(),
  value: HostText.nullish(),
  nonPublic: z.boolean().nullish(),
  public: z.boolean().nullish(),
});
const Person = z
  .object({ name: HostText.nullish(), email: HostText.nullish(), locale: HostText.nullish() })
  .passthrough();
const TicketFields = z.object({
  'ticket.id': z.union([z.number(), z.string()]),
  'ticket.subject': HostText.nullish(),
  'ticket.description': HostText.nullish(),
  'ticket.requester': Person.nullish(),
  'ticket.assignee.user': Person.nullish(),
  'ticket.tags': z.array(HostText).nullish(),
  'ticket.status': z.string().nullish(),
});

const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** The host's author roles (`end-user`, `agent`, `admin`, …) in the contract's terms. */
function authorRoleOf(role: string | null | undefined): AuthorRole {
  if (role === 'end-user' || role === 'end_user' || role === 'requester' || role === 'user') return 'requester';
  if (role === 'agent' || role === 'admin' || role === 'light-agent') return 'agent';
  return 'system';
}

/** Conversation messages may be HTML; the backend wants plain text. */
export function plainText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  const document = new DOMParser().parseFromString(
    html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '</p>\n'),
    'text/html',
  );
  return (document.body.textContent ?? '').trim();
}

async function readComments(client: ZafClient): Promise<NonNullable<TicketInput['comments']>> {
  // `ticket.conversation` is the current API; `ticket.comments` is the older one some hosts still answer.
  const conversation = await client.get('ticket.conversation').catch(() => null);
  const entries = z.array(ConversationEntry).safeParse(conversation?.['ticket.conversation']);
  if (entries.success) {
    return entries.data.map((entry) => ({
      authorRole: authorRoleOf(entry.author?.role),
      ...(entry.author?.name ? { authorName: entry.author.name } : {}),
      body: plainText(entry.message?.content ?? ''),
      public: entry.channel?.name !== 'internal',
    }));
  }
  const comments = await client.get('ticket.comments').catch(() => null);
  const list = z.array(CommentEntry).safeParse(comments?.['ticket.comments']);
  if (!list.success) return [];
  return list.data.map((comment) => ({
    authorRole: authorRoleOf(comment.author?.role),
    ...(comment.author?.name ? { authorName: comment.author.name } : {}),
    body: plainText(comment.value ?? ''),
    public: comment.public ?? !(comment.nonPublic ?? false),
  }));
}

/** Thrown when the host does not answer the ticket's id: the sidebar is not on a ticket. */
export class TicketReadError extends Error {
  readonly code = 'TICKET_UNAVAILABLE';
  constructor(cause: unknown) {
    super('the host did not answer the ticket fields', { cause });
    this.name = 'TicketReadError';
  }
}

/** Reads the open ticket through ZAF as the contract's Ticket (text may hold PII; the backend redacts). */
export async function readTicket(client: ZafClient): Promise<TicketInput> {
  const answer = await client.get(Object.keys(TicketFields.shape));
  const fields = TicketFields.safeParse(answer);
  if (!fields.success) throw new TicketReadError(fields.error);
  const data = fields.data;
  const comments = await readComments(client);
  const status = STATUSES.find((known) => known === data['ticket.status']);
  const requester = data['ticket.requester'];
  const assignee = data['ticket.assignee.user'];
  const locale = requester?.locale;
  return {
    id: String(data['ticket.id']),
    subject: data['ticket.subject'] ?? '',
    description: plainText(data['ticket.description'] ?? ''),
    comments,
    ...(requester
      ? {
          requester: {
            ...(requester.name ? { name: requester.name } : {}),
            ...(requester.email ? { email: requester.email } : {}),
          },
        }
      : {}),
    participants: [requester, assignee, ...comments.map((comment) => ({ name: comment.authorName }))]
      .filter((person): person is { name: string } => typeof person?.name === 'string' && person.name.length > 0)
      .map((person) => ({ name: person.name }))
      .filter((person, index, all) => all.findIndex((other) => other.name === person.name) === index),
    tags: data['ticket.tags'] ?? [],
    ...(status ? { status } : {}),
    ...(locale ? { locale } : {}),
  };
}
