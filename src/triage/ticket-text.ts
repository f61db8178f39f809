import type { Ticket } from '../contract/index.ts';

/** What the models read: subject, description and the requester's comments (agents' replies would leak their wording). */
export function modelText(ticket: Ticket): string {
  const requesterComments = ticket.comments.filter((comment) => comment.authorRole === 'requester').map((comment) => comment.body);
  return [ticket.subject, ticket.description, ...requesterComments].filter((part) => part.trim().length > 0).join('\n');
}

const SUMMARY_LIMIT = 140;

/** One extractive line: the redacted subject, else the first sentence of the redacted description. */
export function summaryOf(redacted: Ticket): string {
  const subject = redacted.subject.replace(/\s+/g, ' ').trim();
  const firstSentence = (redacted.description.replace(/\s+/g, ' ').trim().match(/^.*?(?:[.!?。！？](?=\s|$)|$)/u)?.[0] ?? '').trim();
  const line = subject.length > 0 ? subject : firstSentence;
  return line.length <= SUMMARY_LIMIT ? line : `${line.slice(0, SUMMARY_LIMIT - 1).trimEnd()}…`;
}
