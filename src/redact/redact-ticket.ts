import type { RedactionSummary, Ticket } from '../contract/index.ts';
import { analyze } from './analyzer.ts';
import { anonymize, PlaceholderBook } from './anonymizer.ts';
import { redactPrefix } from './redact-prefix.ts';
import type { RedactionFinding, RedactOptions } from './types.ts';

/** Redacts one text: findings carry types and offsets into `text`, never values. */
export function redact(text: string, options: RedactOptions = {}): { redacted: string; findings: RedactionFinding[] } {
  const findings = analyze(text, options);
  return { redacted: anonymize(text, findings, new PlaceholderBook(options.knownNames)), findings };
}

export interface RedactTicketOptions extends Omit<RedactOptions, 'knownNames'> {
  /**
   * At most this many characters of subject, description and comment bodies, in that order, are redacted and kept;
   * the rest is dropped unread (a field is cut on white space and never inside PII; comments past the budget are
   * left out). Absent: everything is redacted.
   */
  maxChars?: number;
}

/**
 * Redacts every text field of a ticket (subject, description, comments, requester/participant
 * name+email) with one placeholder numbering; known names = requester + participants + comment authors.
 * `clipped` says whether `maxChars` left text out.
 */
export function redactTicket(
  ticket: Ticket,
  options: RedactTicketOptions = {},
): { ticket: Ticket; summary: RedactionSummary; clipped: boolean } {
  const { maxChars, ...redactOptions } = options;
  const knownNames = [
    ticket.requester?.name,
    ...ticket.participants.map((participant) => participant.name),
    ...ticket.comments.map((comment) => comment.authorName),
  ].filter((name): name is string => typeof name === 'string' && name.trim().length > 0);
  const book = new PlaceholderBook(knownNames);
  const byType: Record<string, number> = {};
  let total = 0;
  let budget = maxChars ?? Number.POSITIVE_INFINITY;
  let clipped = false;
  const count = (findings: readonly RedactionFinding[]): void => {
    for (const finding of findings) {
      byType[finding.type] = (byType[finding.type] ?? 0) + 1;
      total++;
    }
  };
  const field = (text: string): string => {
    const findings = analyze(text, { ...redactOptions, knownNames });
    count(findings);
    return anonymize(text, findings, book);
  };
  // Subject, description and comment bodies share the budget, in reading order.
  const budgeted = (text: string): string => {
    if (text.length <= budget) {
      budget -= text.length;
      return field(text);
    }
    const prefix = redactPrefix(text, budget, { ...redactOptions, knownNames }, book);
    count(prefix.findings);
    budget = 0;
    clipped = true;
    return prefix.redacted;
  };
  const optionalField = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : field(text);
  const subject = budgeted(ticket.subject);
  const description = budgeted(ticket.description);
  const comments: Ticket['comments'] = [];
  for (const comment of ticket.comments) {
    if (budget <= 0 && comment.body.length > 0) {
      clipped = true;
      break;
    }
    comments.push({
      ...comment,
      body: budgeted(comment.body),
      ...(comment.authorName === undefined ? {} : { authorName: field(comment.authorName) }),
    });
  }
  const redactedTicket: Ticket = {
    ...ticket,
    subject,
    description,
    comments,
    ...(ticket.requester === undefined ? {} : { requester: redactParticipant(ticket.requester, optionalField) }),
    participants: ticket.participants.map((participant) => redactParticipant(participant, optionalField)),
  };
  return { ticket: redactedTicket, summary: { total, byType }, clipped };
}

function redactParticipant(
  participant: Ticket['participants'][number],
  field: (text: string | undefined) => string | undefined,
): Ticket['participants'][number] {
  const name = field(participant.name);
  const email = field(participant.email);
  return { ...participant, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
}
