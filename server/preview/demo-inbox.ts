import type { Logger } from 'pino';
import type { Ticket } from '../../src/contract/index.ts';
import type { PreviewTicket } from '../../src/preview-host/index.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { triageAndStore } from '../runtime/triage-service.ts';
import { parseStoredResult } from '../storage/index.ts';

/**
 * The backend's view of a preview ticket: what the sidebar reads through ZAF (the description is also the
 * requester's first comment, as in Zendesk), so the sidebar later gets the same stored result back.
 */
export function previewTicketInput(ticket: PreviewTicket): Ticket {
  const comments = [
    { authorRole: 'requester' as const, authorName: ticket.requester.name, body: ticket.description, public: true },
    ...ticket.comments.map((comment) => ({
      authorRole: comment.author.role === 'agent' ? ('agent' as const) : ('requester' as const),
      authorName: comment.author.name,
      body: comment.body,
      public: comment.public,
    })),
  ];
  const names = [ticket.requester.name, ticket.assignee?.name, ...comments.map((comment) => comment.authorName)].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
  return {
    id: String(ticket.id),
    subject: ticket.subject,
    description: ticket.description,
    comments,
    requester: { name: ticket.requester.name, email: ticket.requester.email },
    participants: [...new Set(names)].map((name) => ({ name })),
    tags: [...ticket.tags],
    status: ticket.status,
    locale: ticket.locale,
  };
}

/**
 * Triages the preview's incoming tickets as background triage would on a fresh demo install, so the review
 * queue holds whatever the model is unsure of (real results, stored like any other). Returns the decisions.
 */
export async function triageDemoInbox(
  runtime: Runtime,
  tickets: readonly PreviewTicket[],
  logger: Logger,
): Promise<Record<string, number>> {
  const decisions: Record<string, number> = {};
  // Local tiers only: starting the demo must not spend an installation's LLM budget on tickets nobody opened.
  const local: Runtime = { ...runtime, llm: null };
  for (const ticket of tickets) {
    const outcome = await triageAndStore(local, previewTicketInput(ticket));
    const { decision } = outcome.reused ? parseStoredResult(outcome.stored) : outcome.result;
    decisions[decision] = (decisions[decision] ?? 0) + 1;
  }
  logger.info({ triaged: tickets.length, decisions }, 'triaged the demo inbox');
  return decisions;
}
