import { LabelledTicket } from '../../src/contract/index.ts';
import { redactTicket } from '../../src/redact/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import { modelText } from '../../src/triage/index.ts';
import type { Store, TicketWrite } from '../storage/index.ts';

export interface ImportCounts {
  /** Non-blank lines read. */
  readonly received: number;
  readonly inserted: number;
  readonly updated: number;
  /** Already stored with the same content (a re-run of the same file). */
  readonly unchanged: number;
  readonly rejected: number;
}

/** Why a line was rejected: where and which rule, never the line's text. */
export interface ImportLineError {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly code: 'BAD_JSON' | 'INVALID_TICKET' | 'UNKNOWN_LABEL' | 'UNKNOWN_URGENCY';
  /** Field path such as `comments.0.body`, or null when the whole line is at fault. */
  readonly path: string | null;
}

export interface ImportReport extends ImportCounts {
  /** The first 100 rejected lines. */
  readonly errors: ImportLineError[];
}

export interface ImportOptions {
  readonly taxonomy: Taxonomy;
  /** Tickets per upsert statement (default 500). */
  readonly batchSize?: number;
  /** Called after each batch is stored. */
  readonly onProgress?: (counts: ImportCounts) => void;
}

const MAX_ERRORS = 100;

type Checked = { ok: true; write: TicketWrite } | { ok: false; code: ImportLineError['code']; path: string | null };

/** One line → a redacted ticket write, or why not. Exported for tests. */
export function checkLine(line: string, taxonomy: Taxonomy): Checked {
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
  if (!taxonomy.labelById.has(ticket.label)) return { ok: false, code: 'UNKNOWN_LABEL', path: 'label' };
  if (ticket.urgency !== undefined && !taxonomy.urgencyById.has(ticket.urgency)) return { ok: false, code: 'UNKNOWN_URGENCY', path: 'urgency' };
  // Only redacted text leaves this function: the store never sees the original.
  const redacted = redactTicket(ticket).ticket;
  return {
    ok: true,
    write: {
      id: ticket.id,
      subject: redacted.subject,
      text: modelText(redacted),
      label: ticket.label,
      urgency: ticket.urgency ?? null,
      status: ticket.status ?? null,
      createdAt: ticket.createdAt ?? null,
      source: 'import',
    },
  };
}

/**
 * Imports labelled tickets (one contract `LabelledTicket` JSON per line): each is validated, checked
 * against the taxonomy and redacted, then stored in batched upserts. A bad line is reported by number
 * and skipped. Re-running the same input is safe: tickets are keyed by id and unchanged ones count as such.
 */
export async function importTickets(store: Store, lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const counts = { received: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: ImportLineError[] = [];
  let batch: TicketWrite[] = [];
  // One batch is written while the next is parsed and redacted (CPU) — never more, so memory stays flat.
  let writing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    if (writing) await writing;
    if (batch.length === 0) return;
    const tickets = batch;
    batch = [];
    writing = store.upsertTickets(tickets).then((written) => {
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      counts.unchanged += written.unchanged;
      options.onProgress?.({ ...counts });
    });
    // Handled here so a failed write does not crash the process before we await it below.
    writing.catch(() => undefined);
  };

  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    counts.received++;
    const checked = checkLine(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line, options.taxonomy);
    if (!checked.ok) {
      counts.rejected++;
      if (errors.length < MAX_ERRORS) errors.push({ line: lineNumber, code: checked.code, path: checked.path });
      continue;
    }
    batch.push(checked.write);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (writing) await writing;
  return { ...counts, errors };
}
