import { TicketStatus } from '../../src/contract/index.ts';
import { lockSeqForWrite, seqHorizon, TICKET_SEQ } from './seq-locks.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';
import type { LabelledRow, StoredTicket, TicketWrite } from './store.ts';
import { toIsoOrNull, toNumber, toStringOrNull } from './values.ts';

export type TicketRow = Record<
  'id' | 'subject' | 'text' | 'label' | 'urgency' | 'status' | 'created_at' | 'seq',
  unknown
>;

const TICKET_COLUMNS = 'id, subject, text, label, urgency, status, created_at, seq';

export function toTicket(row: TicketRow): StoredTicket {
  const status = TicketStatus.safeParse(row.status);
  return {
    id: String(row.id),
    subject: String(row.subject),
    text: String(row.text),
    label: toStringOrNull(row.label),
    urgency: toStringOrNull(row.urgency),
    status: status.success ? status.data : null,
    createdAt: toIsoOrNull(row.created_at),
    seq: toNumber(row.seq),
  };
}

/** The last write of an id wins inside one batch (one statement cannot touch a row twice). */
function lastPerId(tickets: readonly TicketWrite[]): TicketWrite[] {
  const byId = new Map<string, TicketWrite>();
  for (const ticket of tickets) {
    byId.delete(ticket.id);
    byId.set(ticket.id, ticket);
  }
  return [...byId.values()];
}

// Null fields of a write keep what is stored (a triage write does not know the label), and a label an
// agent gave through feedback beats an imported one. An imported label is a person's: it replaces the mark of a label
// the app applied itself (label_source 'triage'), which makes the ticket training data. Unchanged rows are not written
// and keep their seq.
const UPSERT = `
  WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
      AS input(id, subject, text, label, urgency, status, created_at, source)
  )
  INSERT INTO tickets AS t (installation_id, id, subject, text, label, urgency, status, created_at, source, seq)
  SELECT $1, id, subject, text, label, urgency, status, created_at, source, nextval('ticket_seq') FROM input
  ON CONFLICT (installation_id, id) DO UPDATE SET
    subject = excluded.subject,
    text = excluded.text,
    label = CASE WHEN t.label_source = 'feedback' THEN t.label ELSE coalesce(excluded.label, t.label) END,
    label_source = CASE WHEN t.label_source = 'triage' AND excluded.label IS NOT NULL THEN NULL ELSE t.label_source END,
    urgency = coalesce(excluded.urgency, t.urgency),
    status = coalesce(excluded.status, t.status),
    created_at = coalesce(excluded.created_at, t.created_at),
    seq = excluded.seq,
    updated_at = now()
  WHERE (t.subject, t.text, t.label, t.label_source, t.urgency, t.status, t.created_at) IS DISTINCT FROM (
    excluded.subject, excluded.text,
    CASE WHEN t.label_source = 'feedback' THEN t.label ELSE coalesce(excluded.label, t.label) END,
    CASE WHEN t.label_source = 'triage' AND excluded.label IS NOT NULL THEN NULL ELSE t.label_source END,
    coalesce(excluded.urgency, t.urgency), coalesce(excluded.status, t.status), coalesce(excluded.created_at, t.created_at))
  RETURNING (xmax = 0) AS inserted`;

export async function upsertTickets(
  client: SqlClient,
  installation: string,
  tickets: readonly TicketWrite[],
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (tickets.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = lastPerId(tickets);
  const column = <K extends keyof TicketWrite>(key: K) => rows.map((ticket) => ticket[key] ?? null);
  const { rows: written } = await client.transaction(async (tx) => {
    await lockSeqForWrite(tx, installation);
    return tx.query<{ inserted: boolean }>(UPSERT, [
      installation,
      column('id'),
      column('subject'),
      column('text'),
      column('label'),
      column('urgency'),
      column('status'),
      column('createdAt'),
      column('source'),
    ]);
  });
  const inserted = written.filter((row) => row.inserted).length;
  const updated = written.length - inserted;
  return { inserted, updated, unchanged: tickets.length - inserted - updated };
}

export async function getTicket(client: SqlExecutor, installation: string, id: string): Promise<StoredTicket | null> {
  const { rows } = await client.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE installation_id = $1 AND id = $2`,
    [installation, id],
  );
  return rows[0] ? toTicket(rows[0]) : null;
}

/**
 * Rows with seq in (since, horizon], where horizon is the last seq handed out while no writer was in
 * flight. A seq taken by a transaction that has not committed yet is never skipped: it is above the horizon.
 */
export async function ticketsChangedSince(
  client: SqlClient,
  installation: string,
  since: number,
  limit: number,
): Promise<StoredTicket[]> {
  const horizon = await seqHorizon(client, installation, TICKET_SEQ);
  if (horizon <= since) return [];
  const { rows } = await client.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE installation_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
    [installation, since, horizon, limit],
  );
  return rows.map(toTicket);
}

export async function countTickets(client: SqlExecutor, installation: string): Promise<number> {
  const { rows } = await client.query<{ count: unknown }>(
    'SELECT count(*) AS count FROM tickets WHERE installation_id = $1',
    [installation],
  );
  return toNumber(rows[0]?.count ?? 0);
}

export async function labelledTickets(client: SqlExecutor, installation: string): Promise<LabelledRow[]> {
  const { rows } = await client.query<Record<'id' | 'text' | 'label' | 'urgency' | 'created_at', unknown>>(
    // A labelled ticket without text (an import line with only an id and a label) teaches nothing and would stop training.
    "SELECT id, text, label, urgency, created_at FROM tickets WHERE installation_id = $1 AND label IS NOT NULL AND label_source IS DISTINCT FROM 'triage' AND text ~ '[^[:space:]]' ORDER BY created_at ASC NULLS LAST, id",
    [installation],
  );
  return rows.map((row) => ({
    id: String(row.id),
    text: String(row.text),
    label: String(row.label),
    urgency: toStringOrNull(row.urgency),
    createdAt: toIsoOrNull(row.created_at),
  }));
}
