import type { RedactionSummary, Ticket } from '../contract/index.ts';
import { redactTicket } from '../redact/index.ts';

/**
 * How many characters of a ticket's text (subject, description, then comments in order) the pipeline reads. Past
 * this, more text barely moves a label, and its cost grows with every character: redaction, the model, rules and
 * similar search all run over it (docs/decisions/2026-12-07-bounded-work-per-request.md).
 */
export const ANALYSED_CHARS = 20_000;

/**
 * The part of a ticket the pipeline reads, redacted: the first `ANALYSED_CHARS` of its text, cut on white space and
 * never inside PII. The rest is never redacted, analysed, stored or returned, so its size does not matter.
 */
export function redactAnalysedPart(ticket: Ticket): { ticket: Ticket; summary: RedactionSummary; clipped: boolean } {
  return redactTicket(ticket, { maxChars: ANALYSED_CHARS });
}

/** Whether a ticket has more text than the pipeline reads (so it is cut, and costs the most a ticket can). */
export function isLongerThanAnalysedPart(ticket: Ticket): boolean {
  let length = ticket.subject.length + ticket.description.length;
  for (const comment of ticket.comments) length += comment.body.length;
  return length > ANALYSED_CHARS;
}
