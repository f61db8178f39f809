import type { RedactionSummary, Ticket } from '../contract/index.ts';
import { analyze } from './analyzer.ts';
import { anonymize, PlaceholderBook } from './anonymizer.ts';
import type { RedactionFinding, RedactOptions } from './types.ts';

/** Redacts one text: findings carry types and offsets into `text`, never values. */
export function redact(text: string, options: RedactOptions = {}): { redacted: string; findings: RedactionFinding[] } {
  const findings = analyze(text, options);
  return { redacted: anonymize(text, findings, new PlaceholderBook(options.knownNames)), findings };
}

/**
 * Redacts every text field of a ticket (subject, description, comments, requester/participant
 * name+email) with one placeholder numbering; known names = requester + participants + comment authors.
 */
export function redactTicket(
  ticket: Ticket,
  options: Omit<RedactOptions, 'knownNames'> = {},
): { ticket: Ticket; summary: RedactionSummary } {
  const knownNames = [
    ticket.requester?.name,
    ...ticket.participants.map((participant) => participant.name),
    ...ticket.comments.map((comment) => comment.authorName),
  ].filter((name): name is string => typeof name === 'string' && name.trim().length > 0);
  const book = new PlaceholderBook(knownNames);
  const byType: Record<string, number> = {};
  let total = 0;
  const field = (text: string): string => {
    const findings = analyze(text, { ...options, knownNames });
    for (const finding of findings) {
      byType[finding.type] = (byType[finding.type] ?? 0) + 1;
      total++;
    }
    return anonymize(text, findings, book);
  };
  const optionalField = (text: string | undefined): string | undefined => (text === undefined ? undefined : field(text));
  const redactedTicket: Ticket = {
    ...ticket,
    subject: field(ticket.subject),
    description: field(ticket.description),
    comments: ticket.comments.map((comment) => ({
      ...comment,
      body: field(comment.body),
      ...(comment.authorName === undefined ? {} : { authorName: field(comment.authorName) }),
    })),
    ...(ticket.requester === undefined
      ? {}
      : { requester: redactParticipant(ticket.requester, optionalField) }),
    participants: ticket.participants.map((participant) => redactParticipant(participant, optionalField)),
  };
  return { ticket: redactedTicket, summary: { total, byType } };
}

function redactParticipant(
  participant: Ticket['participants'][number],
  field: (text: string | undefined) => string | undefined,
): Ticket['participants'][number] {
  const name = field(participant.name);
  const email = field(participant.email);
  return { ...participant, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
}
