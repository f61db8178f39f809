import { Ticket } from '../../src/contract/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import { importWrite } from '../import/index.ts';
import type { ImportCursorStore, TicketStore, TicketWrite } from '../storage/index.ts';
import type { ZendeskTicketExport } from './client.ts';
import type { ZendeskTicket } from './schemas.ts';

/** The import cursor's source name in the store: one Zendesk export per installation. */
export const ZENDESK_TICKETS_SOURCE = 'zendesk-tickets';

/** Tickets redacted and stored in one step (one transaction) of a page. */
export const IMPORT_STEP = 100;

/** Why a ticket of the export was not stored. */
export type SkipReason = 'deleted' | 'empty' | 'invalid';

export interface ZendeskImportOptions {
  readonly taxonomy: Taxonomy;
  /** A tag names a label when it is this prefix + a taxonomy label id (default: no prefix). */
  readonly labelTagPrefix?: string;
  /**
   * A custom field (its id) that holds the label instead of the tags: its value (a dropdown's option tag) names a label
   * as a tag would, prefix included. Set, the tags are not read for the label.
   */
  readonly labelFieldId?: number;
  /** Unix seconds the first run starts from (default 0: the whole history); a stored cursor wins. */
  readonly startTime?: number;
  readonly signal?: AbortSignal;
  /**
   * Awaited after every IMPORT_STEP tickets of a page (Foreground's `quiet` when the import runs beside requests):
   * a page of 1,000 is redacted and stored in steps, not in one stretch of the event loop and one long transaction.
   */
  readonly pause?: () => Promise<void>;
  /** After each page is stored and its cursor saved. */
  readonly onPage?: (report: ZendeskImportReport) => void;
}

/** What an import did: counts only, never ticket text. */
export interface ZendeskImportReport {
  /** Where it started: a cursor kept by an earlier run, or start_time. */
  readonly resumed: boolean;
  readonly pages: number;
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Stored tickets per label found in their tags. */
  readonly labelled: Readonly<Record<string, number>>;
  /** Stored without a label (for similar-ticket search only). */
  readonly unlabelled: number;
  /** Tickets whose tags named more than one label: stored without one. */
  readonly ambiguous: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** True once the export reached the present (end_of_stream). */
  readonly complete: boolean;
}

/**
 * Imports an account's tickets through the cursor-based Incremental Ticket Export: each page is redacted and stored
 * like any import, then its `after_cursor` is saved, so a stopped run continues after the last stored page and a
 * repeated one stores only what changed since (tickets are keyed by their Zendesk id).
 */
export async function importZendeskHistory(
  store: TicketStore & ImportCursorStore,
  zendesk: ZendeskTicketExport,
  options: ZendeskImportOptions,
): Promise<ZendeskImportReport> {
  const prefix = (options.labelTagPrefix ?? '').toLowerCase();
  const labelOfTag = new Map(options.taxonomy.labels.map((label) => [`${prefix}${label.id}`.toLowerCase(), label.id]));
  const urgencyOfPriority = new Map<string, string>();
  for (const level of options.taxonomy.urgency)
    if (!urgencyOfPriority.has(level.priority)) urgencyOfPriority.set(level.priority, level.id);

  const stored = await store.importCursor(ZENDESK_TICKETS_SOURCE);
  const counts = { pages: 0, read: 0, inserted: 0, updated: 0, unchanged: 0, unlabelled: 0, ambiguous: 0 };
  const labelled: Record<string, number> = {};
  const skipped: Record<SkipReason, number> = { deleted: 0, empty: 0, invalid: 0 };
  let complete = false;
  const report = (): ZendeskImportReport => ({
    resumed: stored !== null,
    ...counts,
    labelled: { ...labelled },
    skipped: { ...skipped },
    complete,
  });

  let cursor = stored;
  while (!complete) {
    options.signal?.throwIfAborted();
    const page = await zendesk.incrementalTickets(
      cursor === null ? { startTime: options.startTime ?? 0 } : { cursor },
      options.signal,
    );
    for (let start = 0; start < page.tickets.length; start += IMPORT_STEP) {
      const writes: TicketWrite[] = [];
      for (const ticket of page.tickets.slice(start, start + IMPORT_STEP)) {
        counts.read++;
        const write = toWrite(ticket);
        if ('skip' in write) {
          skipped[write.skip]++;
          continue;
        }
        writes.push(write.write);
        if (write.write.label === null) counts.unlabelled++;
        else labelled[write.write.label] = (labelled[write.write.label] ?? 0) + 1;
      }
      if (writes.length > 0) {
        const written = await store.upsertTickets(writes);
        counts.inserted += written.inserted;
        counts.updated += written.updated;
        counts.unchanged += written.unchanged;
      }
      await options.pause?.();
    }
    counts.pages++;
    // Saved only once the page is stored: a stop before this line re-reads the page, which is safe.
    if (page.after_cursor !== null) {
      cursor = page.after_cursor;
      await store.saveImportCursor(ZENDESK_TICKETS_SOURCE, cursor);
    }
    complete = page.end_of_stream || page.after_cursor === null;
    options.onPage?.(report());
  }
  return report();

  /** Where the label is read: the configured custom field's value, else the tags. */
  function labelValues(ticket: ZendeskTicket): string[] {
    if (options.labelFieldId === undefined) return ticket.tags;
    const value = ticket.custom_fields?.find((field) => field.id === options.labelFieldId)?.value;
    return typeof value === 'string' && value !== '' ? [value] : [];
  }

  function toWrite(ticket: ZendeskTicket): { write: TicketWrite } | { skip: SkipReason } {
    if (ticket.status === 'deleted') return { skip: 'deleted' };
    const subject = ticket.subject ?? '';
    const description = ticket.description ?? '';
    if (subject.trim() === '' && description.trim() === '') return { skip: 'empty' };
    const parsed = Ticket.safeParse({
      id: String(ticket.id),
      subject,
      description,
      status: ticket.status,
      createdAt: ticket.created_at,
      updatedAt: ticket.updated_at,
    });
    if (!parsed.success) return { skip: 'invalid' };
    const labels = new Set(labelValues(ticket).flatMap((value) => labelOfTag.get(value.toLowerCase()) ?? []));
    if (labels.size > 1) counts.ambiguous++;
    const urgency = ticket.priority ? urgencyOfPriority.get(ticket.priority) : undefined;
    return {
      write: importWrite({ ...parsed.data, label: labels.size === 1 ? [...labels][0]! : null, urgency }),
    };
  }
}
