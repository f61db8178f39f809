import { LabelledTicket, type Ticket } from '../../src/contract/index.ts';
import type { ImportLineError as ContractImportLineError } from '../../src/contract/index.ts';
import { redactTicket } from '../../src/redact/index.ts';
import { modelText } from '../../src/triage/index.ts';
import type { TicketWrite } from '../storage/index.ts';

/** Why a line was rejected (the contract's ImportLineError, with the codes this check gives): never the line's text. */
export type ImportLineError = Readonly<ContractImportLineError> & {
  readonly code: 'BAD_JSON' | 'INVALID_TICKET' | 'UNKNOWN_LABEL' | 'UNKNOWN_URGENCY';
};

/** The part of the taxonomy a line is checked against (a Taxonomy is one; a worker thread builds Sets). */
export interface KnownIds {
  readonly labelById: { has(id: string): boolean };
  readonly urgencyById: { has(id: string): boolean };
}

export type Checked =
  { ok: true; write: TicketWrite } | { ok: false; code: ImportLineError['code']; path: string | null };

/** Checked lines and where their time went: parsing and validation, then redaction. */
export interface CheckedLines {
  readonly results: Checked[];
  readonly parseMs: number;
  readonly redactMs: number;
}

/** One line → a redacted ticket write, or why not. */
export function checkLine(line: string, known: KnownIds): Checked {
  return checkLines([line], known).results[0]!;
}

/** Lines → redacted ticket writes or why not, in order; plain data, so it can cross a worker boundary. */
export function checkLines(lines: readonly string[], known: KnownIds): CheckedLines {
  const results: Checked[] = [];
  let parseMs = 0;
  let redactMs = 0;
  for (const line of lines) {
    const started = performance.now();
    const parsed = parseLine(line, known);
    const parsedAt = performance.now();
    parseMs += parsedAt - started;
    if (!parsed.ok) {
      results.push(parsed);
      continue;
    }
    results.push({ ok: true, write: importWrite(parsed.ticket) });
    redactMs += performance.now() - parsedAt;
  }
  return { results, parseMs, redactMs };
}

/**
 * A ticket as the store keeps an imported one, labelled or (for similar-ticket search only) not. Only redacted text
 * leaves it: the store never sees the original.
 */
export function importWrite(
  ticket: Ticket & { readonly label?: string | null; readonly urgency?: string | undefined },
): TicketWrite {
  const redacted = redactTicket(ticket).ticket;
  return {
    id: ticket.id,
    subject: redacted.subject,
    text: modelText(redacted),
    label: ticket.label ?? null,
    urgency: ticket.urgency ?? null,
    status: ticket.status ?? null,
    createdAt: ticket.createdAt ?? null,
    source: 'import',
  };
}

type Parsed = { ok: true; ticket: LabelledTicket } | { ok: false; code: ImportLineError['code']; path: string | null };

function parseLine(line: string, known: KnownIds): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, code: 'BAD_JSON', path: null };
  }
  const parsed = LabelledTicket.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: 'INVALID_TICKET', path: issue && issue.path.length > 0 ? issue.path.join('.') : null };
  }
  const ticket = parsed.data;
  if (!known.labelById.has(ticket.label)) return { ok: false, code: 'UNKNOWN_LABEL', path: 'label' };
  if (ticket.urgency !== undefined && !known.urgencyById.has(ticket.urgency))
    return { ok: false, code: 'UNKNOWN_URGENCY', path: 'urgency' };
  return { ok: true, ticket };
}
