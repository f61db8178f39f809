import type { TriageResult } from '../../src/contract/index.ts';
import { LOCK_TICKET_SEQ } from './migrations.ts';
import type { SqlExecutor } from './sql-client.ts';
import type { StoredTicket, TriageWrite } from './store.ts';
import { shapeToStore } from './result-shape.ts';
import { getTicket, toTicket, type TicketRow } from './ticket-queries.ts';
import { jsonParam } from './values.ts';

// One statement, so one transaction and one round trip: the ticket and its result are stored together or not at all.
// The seq lock (see lockSeqForWrite in seq-locks.ts) is taken by the InitPlan that names the sequence, so it is held before nextval
// runs: nextval cannot start before its argument is known. Known label, urgency, status and creation time of the
// ticket win over the triage's (a label from feedback above all); an unchanged ticket is not rewritten and keeps its
// seq. The upsert returns no row then, and the ticket is read again in a statement of its own: this statement's
// snapshot may predate a concurrent triage of the same ticket that committed first (the insert then waits and finds
// the row, but the snapshot does not show it), so only a fresh read sees the ticket as it is.
const SAVE_TRIAGE = `
  WITH written AS (
    INSERT INTO tickets AS t (installation_id, id, subject, text, label, label_source, urgency, status, created_at, source, seq)
    VALUES ($18, $1, $2, $3, $4, CASE WHEN $4::text IS NOT NULL THEN 'triage' END, $5, coalesce($6, 'new'),
            coalesce($7::timestamptz, $8::timestamptz), 'triage',
            nextval((SELECT 'ticket_seq'::regclass FROM (SELECT pg_advisory_xact_lock_shared($9, hashtext($10))) AS locked)))
    ON CONFLICT (installation_id, id) DO UPDATE SET
      subject = excluded.subject,
      text = excluded.text,
      label = CASE WHEN t.label_source = 'feedback' THEN t.label ELSE coalesce(t.label, excluded.label) END,
      label_source = CASE WHEN t.label IS NULL THEN excluded.label_source ELSE t.label_source END,
      urgency = coalesce(t.urgency, excluded.urgency),
      status = coalesce($6, t.status, 'new'),
      created_at = coalesce($7::timestamptz, t.created_at, $8::timestamptz),
      seq = excluded.seq,
      updated_at = now()
    WHERE (t.subject, t.text, t.label, t.urgency, t.status, t.created_at) IS DISTINCT FROM (
      excluded.subject, excluded.text,
      CASE WHEN t.label_source = 'feedback' THEN t.label ELSE coalesce(t.label, excluded.label) END,
      coalesce(t.urgency, excluded.urgency), coalesce($6, t.status, 'new'), coalesce($7::timestamptz, t.created_at, $8::timestamptz))
    RETURNING id, subject, text, label, urgency, status, created_at, seq
  ), saved AS (
    INSERT INTO triage_results (installation_id, ticket_id, text_hash, result, decision, label, confidence, created_at, shape)
    VALUES ($18, $1, $11, $12::jsonb, $13, $14, $15, $16, $17)
    ON CONFLICT (installation_id, ticket_id, text_hash) DO UPDATE SET
      result = excluded.result, decision = excluded.decision, label = excluded.label,
      confidence = excluded.confidence, created_at = excluded.created_at, shape = excluded.shape
  )
  SELECT * FROM written`;

export async function saveTriage(
  client: SqlExecutor,
  installation: string,
  write: TriageWrite,
  result: TriageResult,
): Promise<StoredTicket> {
  if (result.ticketId !== write.id) throw new Error('a triage result is saved with its own ticket');
  const { rows } = await client.query<TicketRow>(SAVE_TRIAGE, [
    write.id,
    write.subject,
    write.text,
    write.label,
    write.urgency,
    write.status,
    write.createdAt,
    result.createdAt,
    LOCK_TICKET_SEQ,
    installation,
    result.textHash,
    jsonParam(result),
    result.decision,
    result.label.name,
    result.label.confidence,
    result.createdAt,
    shapeToStore(result),
    installation,
  ]);
  if (rows[0]) return toTicket(rows[0]);
  const current = await getTicket(client, installation, write.id);
  if (!current) throw new Error('the triaged ticket was neither written nor found');
  return current;
}
