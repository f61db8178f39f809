import { EMBEDDING_SEQ, lockSeqForWrite, seqHorizon } from './seq-locks.ts';
import type { SqlClient } from './sql-client.ts';
import type { EmbeddingTarget, EmbeddingWrite, StoredEmbedding } from './store.ts';
import { toNumber } from './values.ts';

/** Float32 little-endian bytes as base64: one text parameter that both drivers pass the same way. */
export function encodeVector(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}

export function decodeVector(base64: string, dims: number): Float32Array {
  // PostgreSQL's encode(…, 'base64') wraps lines; Buffer.from skips the newlines.
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== dims * 4) throw new TypeError(`stored vector has ${bytes.length} bytes for ${dims} dimensions`);
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

function lastPerTicket<T extends { ticketId: string }>(rows: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    byId.delete(row.ticketId);
    byId.set(row.ticketId, row);
  }
  return [...byId.values()];
}

// A target is claimed unless its vector for this exact text is stored already, or another owner's claim is still
// running. Claiming a changed text drops the old vector: it no longer describes the ticket.
const CLAIM = `
  WITH input AS (SELECT * FROM unnest($2::text[], $3::text[]) AS input(ticket_id, text_hash))
  INSERT INTO ticket_embeddings AS e (installation_id, ticket_id, model, text_hash, claimed_by, claimed_until)
  SELECT $6, ticket_id, $1, text_hash, $4, now() + $5::integer * interval '1 millisecond' FROM input
  ON CONFLICT (installation_id, ticket_id, model) DO UPDATE SET
    text_hash = excluded.text_hash, dims = NULL, vector = NULL, seq = NULL,
    claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until, updated_at = now()
  WHERE NOT (e.vector IS NOT NULL AND e.text_hash = excluded.text_hash)
    AND (e.claimed_until IS NULL OR e.claimed_until < now() OR e.claimed_by = excluded.claimed_by)
  RETURNING ticket_id`;

export async function claimEmbeddings(
  client: SqlClient,
  installation: string,
  model: string,
  targets: readonly EmbeddingTarget[],
  owner: string,
  leaseMs: number,
): Promise<string[]> {
  if (targets.length === 0) return [];
  const rows = lastPerTicket(targets);
  const { rows: claimed } = await client.query<{ ticket_id: unknown }>(CLAIM, [
    model,
    rows.map((row) => row.ticketId),
    rows.map((row) => row.textHash),
    owner,
    Math.max(0, Math.round(leaseMs)),
    installation,
  ]);
  return claimed.map((row) => String(row.ticket_id));
}

const SAVE = `
  WITH input AS (SELECT * FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[]) AS input(ticket_id, text_hash, dims, vector))
  INSERT INTO ticket_embeddings AS e (installation_id, ticket_id, model, text_hash, dims, vector, seq)
  SELECT $6, ticket_id, $1, text_hash, dims, decode(vector, 'base64'), nextval('ticket_embedding_seq') FROM input
  ON CONFLICT (installation_id, ticket_id, model) DO UPDATE SET
    text_hash = excluded.text_hash, dims = excluded.dims, vector = excluded.vector, seq = excluded.seq,
    claimed_by = NULL, claimed_until = NULL, updated_at = now()`;

export async function saveEmbeddings(
  client: SqlClient,
  installation: string,
  model: string,
  writes: readonly EmbeddingWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const rows = lastPerTicket(writes);
  await client.transaction(async (tx) => {
    // Shared, before nextval: catch-up readers never skip a seq that commits late (as for tickets).
    await lockSeqForWrite(tx, installation, EMBEDDING_SEQ);
    await tx.query(SAVE, [
      model,
      rows.map((row) => row.ticketId),
      rows.map((row) => row.textHash),
      rows.map((row) => row.vector.length),
      rows.map((row) => encodeVector(row.vector)),
      installation,
    ]);
  });
}

/** Vectors of `model` with seq in (since, horizon], ascending: the horizon rule of ticketsChangedSince. */
export async function embeddingsChangedSince(
  client: SqlClient,
  installation: string,
  model: string,
  since: number,
  limit: number,
): Promise<StoredEmbedding[]> {
  const horizon = await seqHorizon(client, installation, EMBEDDING_SEQ);
  if (horizon <= since) return [];
  const { rows } = await client.query<Record<'ticket_id' | 'text_hash' | 'dims' | 'vector' | 'seq', unknown>>(
    `SELECT ticket_id, text_hash, dims, encode(vector, 'base64') AS vector, seq FROM ticket_embeddings
     WHERE installation_id = $5 AND model = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
    [model, since, horizon, limit, installation],
  );
  return rows.map((row) => ({
    ticketId: String(row.ticket_id),
    textHash: String(row.text_hash),
    vector: decodeVector(String(row.vector), toNumber(row.dims)),
    seq: toNumber(row.seq),
  }));
}
