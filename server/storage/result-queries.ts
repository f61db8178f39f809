import { randomUUID } from 'node:crypto';
import {
  REVIEW_EXCERPT_LIMIT,
  ReviewItem as ReviewItemSchema,
  TicketVerdict,
  TriageResult,
  type FeedbackEvent,
} from '../../src/contract/index.ts';
import { messageExcerpt } from '../../src/triage/index.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';
import type { ModelRecord, ModelSummary, ReviewItem, StoredResult } from './store.ts';
import { RESULT_SHAPE, shapeToStore } from './result-shape.ts';
import { lockSeqForWrite } from './seq-locks.ts';
import { jsonParam, toIso, toNumber } from './values.ts';

export interface ResultKey {
  readonly ticketId: string;
  readonly textHash: string;
}

/**
 * The stored results for many (ticket id, text hash) keys in one statement, in the keys' order (null where none
 * is stored, or it no longer fits the contract: an older shape counts as absent and is recomputed). One statement text for any number of keys, so it is prepared once.
 * A result stored under this build's RESULT_SHAPE is returned as stored; any other is parsed and checked.
 */
export async function findResults(
  client: SqlExecutor,
  installation: string,
  keys: readonly ResultKey[],
): Promise<(StoredResult | null)[]> {
  if (keys.length === 0) return [];
  const { rows } = await client.query<{ ticket_id: string; text_hash: string; json: string; shape: string | null }>(
    `SELECT r.ticket_id, r.text_hash, r.result::text AS json, r.shape
     FROM unnest($2::text[], $3::text[]) AS k(ticket_id, text_hash)
     JOIN triage_results r ON r.installation_id = $1 AND r.ticket_id = k.ticket_id AND r.text_hash = k.text_hash`,
    [installation, keys.map((key) => key.ticketId), keys.map((key) => key.textHash)],
  );
  const found = new Map<string, StoredResult | null>();
  for (const row of rows) {
    const key = resultKey(row.ticket_id, row.text_hash);
    if (!found.has(key)) found.set(key, fitting(row.json, row.shape));
  }
  return keys.map((key) => found.get(resultKey(key.ticketId, key.textHash)) ?? null);
}

function fitting(json: string, shape: string | null): StoredResult | null {
  if (shape === RESULT_SHAPE) return { json };
  const parsed = TriageResult.safeParse(JSON.parse(json));
  // Re-serialised: what the contract does not know is dropped.
  return parsed.success ? { json: JSON.stringify(parsed.data) } : null;
}

const resultKey = (ticketId: string, textHash: string) => `${ticketId}\u0000${textHash}`;

export async function saveResult(client: SqlExecutor, installation: string, result: TriageResult): Promise<void> {
  await client.query(
    `INSERT INTO triage_results (installation_id, ticket_id, text_hash, result, decision, label, confidence, created_at, shape)
     VALUES ($9, $1, $2, $3::jsonb, $4, $5, $6, $7, $8)
     ON CONFLICT (installation_id, ticket_id, text_hash) DO UPDATE SET
       result = excluded.result, decision = excluded.decision, label = excluded.label,
       confidence = excluded.confidence, created_at = excluded.created_at, shape = excluded.shape`,
    [
      result.ticketId,
      result.textHash,
      jsonParam(result),
      result.decision,
      result.label.name,
      result.label.confidence,
      result.createdAt,
      shapeToStore(result),
      installation,
    ],
  );
}

/**
 * Idempotent on the key: a second event with the same key (even with other content) is not stored and
 * answers the first event's id with `duplicate: true`. The relabel commits with the event, or neither does.
 */
export async function appendFeedback(
  client: SqlClient,
  installation: string,
  event: FeedbackEvent,
): Promise<{ id: string; duplicate: boolean }> {
  return client.transaction(async (tx) => {
    await lockSeqForWrite(tx, installation);
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO feedback (installation_id, id, idempotency_key, ticket_id, kind, label, corrected_label, tags, actor, at)
       VALUES ($10, $1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)
       ON CONFLICT (installation_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        event.idempotencyKey,
        event.ticketId,
        event.kind,
        event.label,
        event.correctedLabel,
        jsonParam(event.tags),
        jsonParam(event.actor),
        event.at,
        installation,
      ],
    );
    if (!inserted.rows[0]) {
      // A concurrent insert of the same key waited on the unique index, so the first row is committed by now.
      const { rows } = await tx.query<{ id: string }>(
        'SELECT id FROM feedback WHERE installation_id = $1 AND idempotency_key = $2',
        [installation, event.idempotencyKey],
      );
      if (!rows[0]) throw new Error('feedback key conflicted but no row holds it');
      return { id: rows[0].id, duplicate: true };
    }
    if (event.kind === 'correct' && event.correctedLabel !== null) {
      await tx.query(
        `UPDATE tickets SET label = $2, label_source = 'feedback', seq = nextval('ticket_seq'), updated_at = now() WHERE installation_id = $3 AND id = $1`,
        [event.ticketId, event.correctedLabel, installation],
      );
    } else if (event.kind === 'accept') {
      await tx.query(
        // An accepted label is a person's: it becomes training data, also where the app had applied it already.
        `UPDATE tickets SET label = $2, label_source = 'feedback', seq = nextval('ticket_seq'), updated_at = now() WHERE installation_id = $3 AND id = $1 AND (label IS NULL OR label_source = 'triage')`,
        [event.ticketId, event.label, installation],
      );
    }
    return { id: inserted.rows[0].id, duplicate: false };
  });
}

/**
 * The ticket's latest accept, reject or correct (the newest recorded; likes and dislikes decide nothing), or null.
 * A row that does not fit the contract (written by hand) counts as none rather than failing the sidebar.
 */
export async function latestVerdict(
  client: SqlExecutor,
  installation: string,
  ticketId: string,
): Promise<TicketVerdict | null> {
  const { rows } = await client.query<Record<'kind' | 'label' | 'corrected_label' | 'role' | 'at', unknown>>(
    `SELECT kind, label, corrected_label, actor->>'role' AS role, at FROM feedback
     WHERE installation_id = $1 AND ticket_id = $2 AND kind IN ('accept', 'reject', 'correct')
     ORDER BY recorded_at DESC, at DESC, id DESC
     LIMIT 1`,
    [installation, ticketId],
  );
  const row = rows[0];
  if (!row) return null;
  const parsed = TicketVerdict.safeParse({
    kind: row.kind,
    label: row.label,
    correctedLabel: row.corrected_label ?? null,
    role: row.role ?? 'agent',
    at: toIso(row.at),
  });
  return parsed.success ? parsed.data : null;
}

type ReviewRow = Record<
  | 'ticket_id'
  | 'subject'
  | 'text_start'
  | 'label'
  | 'confidence'
  | 'decision'
  | 'reason'
  | 'source'
  | 'rule_id'
  | 'evidence'
  | 'held_back'
  | 'text_hash'
  | 'created_at',
  unknown
>;

/** The why of a stored result as the review queue shows it; what does not parse (an older result) reads as absent. */
function reviewWhy(row: ReviewRow): Pick<ReviewItem, 'source' | 'ruleId' | 'evidence' | 'heldBack'> {
  const parsed = ReviewWhy.safeParse({
    source: row.source ?? undefined,
    ruleId: row.rule_id ?? null,
    // jsonb read as text, so both engines hand back the same string; the database wrote it, so it parses.
    evidence: typeof row.evidence === 'string' ? (JSON.parse(row.evidence) as unknown) : null,
    heldBack: row.held_back ?? null,
  });
  return parsed.success ? parsed.data : {};
}
const ReviewWhy = ReviewItemSchema.pick({ source: true, ruleId: true, evidence: true, heldBack: true });

/** Enough of the stored text after the subject for an excerpt (white space folds), without reading a long ticket whole. */
const EXCERPT_READ_CHARS = 4 * REVIEW_EXCERPT_LIMIT;

/**
 * One page of the queue and the count of everything waiting, from one scan (the window count runs before LIMIT).
 * accept, reject and correct settle a review; like/dislike rate a result without deciding it.
 */
export async function reviewQueue(
  client: SqlExecutor,
  installation: string,
  limit: number,
): Promise<{ items: ReviewItem[]; total: number }> {
  const { rows } = await client.query<ReviewRow & { total: unknown }>(
    `SELECT r.ticket_id, coalesce(t.subject, '') AS subject, left(coalesce(t.text, ''), length(coalesce(t.subject, '')) + $3) AS text_start, r.label, r.confidence, r.decision, r.reason, r.source, r.rule_id, r.evidence, r.held_back, r.text_hash, r.created_at,
            count(*) OVER () AS total
     FROM (SELECT DISTINCT ON (ticket_id) ticket_id, label, confidence, decision, result->'label'->>'reason' AS reason,
                  result->'label'->>'source' AS source, result->'label'->>'ruleId' AS rule_id,
                  (result->'label'->'evidence')::text AS evidence, result->>'heldBack' AS held_back, text_hash, created_at
           FROM triage_results WHERE installation_id = $1 ORDER BY ticket_id, created_at DESC) AS r
     LEFT JOIN tickets t ON t.installation_id = $1 AND t.id = r.ticket_id
     WHERE r.decision = 'review'
       AND NOT EXISTS (SELECT 1 FROM feedback f
                       WHERE f.installation_id = $1 AND f.ticket_id = r.ticket_id AND f.kind IN ('accept', 'reject', 'correct'))
     ORDER BY r.created_at DESC, r.ticket_id
     LIMIT $2`,
    [installation, limit, EXCERPT_READ_CHARS],
  );
  const items = rows.map((row) => ({
    ticketId: String(row.ticket_id),
    subject: String(row.subject),
    excerpt: messageExcerpt(String(row.subject), String(row.text_start), REVIEW_EXCERPT_LIMIT),
    label: String(row.label),
    confidence: toNumber(row.confidence),
    decision: row.decision as ReviewItem['decision'],
    reason: typeof row.reason === 'string' && row.reason !== '' ? row.reason : null,
    ...reviewWhy(row),
    textHash: String(row.text_hash),
    createdAt: toIso(row.created_at),
  }));
  return { items, total: rows.length === 0 ? 0 : toNumber(rows[0]!.total) };
}

type ModelRow = Record<'version' | 'created_at' | 'metrics' | 'promoted' | 'artifact', unknown>;

function toModelSummary(row: ModelRow): ModelSummary {
  return {
    version: String(row.version),
    createdAt: toIso(row.created_at),
    metrics: (row.metrics ?? {}) as Record<string, number>,
    promoted: row.promoted === true,
  };
}

/** Saving a version again replaces it (e.g. to promote it). Old versions are kept. */
export async function saveModel(client: SqlExecutor, installation: string, record: ModelRecord): Promise<void> {
  await client.query(
    `INSERT INTO models (installation_id, version, created_at, metrics, promoted, artifact) VALUES ($6, $1, $2, $3::jsonb, $4, $5)
     ON CONFLICT (installation_id, version) DO UPDATE SET created_at = excluded.created_at, metrics = excluded.metrics,
       promoted = excluded.promoted, artifact = excluded.artifact`,
    [record.version, record.createdAt, jsonParam(record.metrics), record.promoted, record.artifact, installation],
  );
}

/** The newest promoted model: the one that serves. */
export async function latestModel(client: SqlExecutor, installation: string): Promise<ModelRecord | null> {
  const { rows } = await client.query<ModelRow>(
    'SELECT version, created_at, metrics, promoted, artifact FROM models WHERE installation_id = $1 AND promoted ORDER BY created_at DESC, version DESC LIMIT 1',
    [installation],
  );
  return rows[0] ? { ...toModelSummary(rows[0]), artifact: String(rows[0].artifact) } : null;
}

export async function modelByVersion(
  client: SqlExecutor,
  installation: string,
  version: string,
): Promise<ModelRecord | null> {
  const { rows } = await client.query<ModelRow>(
    'SELECT version, created_at, metrics, promoted, artifact FROM models WHERE installation_id = $1 AND version = $2',
    [installation, version],
  );
  return rows[0] ? { ...toModelSummary(rows[0]), artifact: String(rows[0].artifact) } : null;
}

export async function listModels(client: SqlExecutor, installation: string): Promise<ModelSummary[]> {
  const { rows } = await client.query<ModelRow>(
    'SELECT version, created_at, metrics, promoted FROM models WHERE installation_id = $1 ORDER BY created_at DESC, version DESC',
    [installation],
  );
  return rows.map(toModelSummary);
}

const FEEDBACK_KINDS = ['accept', 'reject', 'correct', 'like', 'dislike'] as const;

export async function feedbackCounts(
  client: SqlExecutor,
  installation: string,
  since: string | null,
): Promise<Record<(typeof FEEDBACK_KINDS)[number], number>> {
  const { rows } = await client.query<{ kind: string; count: unknown }>(
    'SELECT kind, count(*) AS count FROM feedback WHERE installation_id = $1 AND ($2::timestamptz IS NULL OR recorded_at > $2::timestamptz) GROUP BY kind',
    [installation, since],
  );
  const counts = { accept: 0, reject: 0, correct: 0, like: 0, dislike: 0 };
  for (const row of rows)
    if ((FEEDBACK_KINDS as readonly string[]).includes(row.kind))
      counts[row.kind as (typeof FEEDBACK_KINDS)[number]] = toNumber(row.count);
  return counts;
}
