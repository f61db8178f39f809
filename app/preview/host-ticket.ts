import { previewGroupName, type PreviewTicket } from '../../src/preview-host/index.ts';

/** A ticket as the preview host holds it: the fields Zendesk's ticket view shows and ZAF exposes. */
export type HostTicket = PreviewTicket;
export type HostComment = PreviewTicket['comments'][number];
export type HostUser = PreviewTicket['requester'];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const;
export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Zendesk renders comment bodies as HTML paragraphs; apps must cope with that, so the preview does too. */
export function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The description is the requester's first comment, as in Zendesk. */
export function allComments(ticket: HostTicket): HostComment[] {
  const first: HostComment = {
    id: 1,
    author: { ...ticket.requester, role: 'end-user' },
    body: ticket.description,
    public: true,
    createdAt: ticket.createdAt,
  };
  return [first, ...ticket.comments];
}

function zafUser(user: HostUser, role: string) {
  return { id: user.id, name: user.name, email: user.email, role, avatarUrl: null };
}

/** `ticket.comments` as ZAF returns it. */
export function zafComments(ticket: HostTicket) {
  return allComments(ticket).map((comment) => ({
    id: comment.id,
    author: zafUser(comment.author, comment.author.role),
    value: toHtml(comment.body),
    isPublic: comment.public,
    createdAt: comment.createdAt,
    imageAttachments: [],
    nonImageAttachments: [],
  }));
}

/** `ticket.conversation` as ZAF returns it. */
export function zafConversation(ticket: HostTicket) {
  return allComments(ticket).map((comment) => ({
    attachments: [],
    author: { id: comment.author.id, name: comment.author.name, role: comment.author.role, avatar: null },
    channel: { name: 'web' },
    message: { content: toHtml(comment.body), contentType: 'text/html' },
    timestamp: comment.createdAt,
  }));
}

/** `ticket.assignee.group` as ZAF returns it: `{ id, name }`, or null when the ticket has no group. */
function zafGroup(id: number | null | undefined) {
  const name = previewGroupName(id);
  return id === null || id === undefined || name === null ? null : { id, name };
}

/** The `ticket` object ZAF paths resolve against (`ticket.requester.email`, `ticket.tags`, …). */
export function zafTicket(ticket: HostTicket) {
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority ?? '-',
    type: ticket.type ?? '-',
    tags: [...ticket.tags],
    requester: zafUser(ticket.requester, 'end-user'),
    assignee: { user: ticket.assignee ? zafUser(ticket.assignee, 'agent') : null, group: zafGroup(ticket.groupId) },
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    comments: zafComments(ticket),
    conversation: zafConversation(ticket),
    externalId: null,
    brand: { id: 1, name: 'Triage Assist preview' },
  };
}
