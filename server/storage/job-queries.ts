import { randomUUID } from 'node:crypto';
import { errorCode } from '../../src/errors/index.ts';
import { clip } from '../../src/text/index.ts';
import type { SqlExecutor } from './sql-client.ts';
import type { Job, JobRecord, JobStatus } from './store.ts';
import { jsonParam, toIso, toNumber, toStringOrNull } from './values.ts';

const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 5 * 60_000;
const MAX_ERROR_LENGTH = 1_000;

/** With a dedupe key, the installation's pending job with that key is reused; its id comes back. */
export async function enqueueJob(
  client: SqlExecutor,
  installation: string,
  kind: string,
  payload: unknown,
  options: { dedupeKey?: string; maxAttempts?: number } = {},
): Promise<string> {
  const dedupeKey = options.dedupeKey ?? null;
  // The pending twin can be claimed between our insert and our look-up; then the insert succeeds next time.
  for (let round = 0; round < 3; round++) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO jobs (installation_id, id, kind, payload, dedupe_key, max_attempts) VALUES ($6, $1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (installation_id, dedupe_key) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [randomUUID(), kind, jsonParam(payload), dedupeKey, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, installation],
    );
    if (rows[0]) return rows[0].id;
    const existing = await client.query<{ id: string }>(
      `SELECT id FROM jobs WHERE installation_id = $1 AND dedupe_key = $2 AND status = 'pending'`,
      [installation, dedupeKey],
    );
    if (existing.rows[0]) return existing.rows[0].id;
  }
  throw new Error('could not enqueue the job: its dedupe key kept changing hands');
}

/**
 * Records a webhook event and enqueues its job in one statement: the job id, or null when the installation has had
 * this event already (a retried or replayed delivery), whether its job is pending, done or pruned.
 */
export async function enqueueEventJob(
  client: SqlExecutor,
  installation: string,
  eventId: string,
  kind: string,
  payload: unknown,
  options: { maxAttempts?: number } = {},
): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>(
    `WITH seen AS (
       INSERT INTO webhook_events (installation_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id)
     INSERT INTO jobs (installation_id, id, kind, payload, max_attempts)
       SELECT $1, $3, $4, $5::jsonb, $6 FROM seen RETURNING id`,
    [installation, eventId, randomUUID(), kind, jsonParam(payload), options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS],
  );
  return rows[0]?.id ?? null;
}

type JobRow = Record<'id' | 'installation_id' | 'kind' | 'payload' | 'attempts', unknown>;

function toJob(row: JobRow): Job {
  return {
    id: String(row.id),
    installation: String(row.installation_id),
    kind: String(row.kind),
    payload: row.payload,
    attempts: toNumber(row.attempts),
  };
}

/**
 * Takes the oldest due job of these kinds, of any installation (`client` spans them): pending (unless a job with its dedupe key is running on a live lease), or
 * running with an expired lease (its worker died).
 * SKIP LOCKED lets concurrent claimers pass over each other's rows, so no job is handed out twice.
 */
export async function claimJob(
  client: SqlExecutor,
  kinds: readonly string[],
  workerId: string,
  leaseMs: number,
): Promise<Job | null> {
  // A job whose worker keeps dying has used its attempts: it fails instead of taking workers down forever.
  await client.query(
    `UPDATE jobs SET status = 'failed', last_error = coalesce(last_error, 'lease expired'), locked_by = NULL, locked_until = NULL, finished_at = now()
     WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts AND kind = ANY($1::text[])`,
    [kinds],
  );
  const { rows } = await client.query<JobRow>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $2,
       locked_until = now() + $3 * interval '1 millisecond'
     WHERE id = (
       SELECT id FROM jobs j
       WHERE kind = ANY($1::text[])
         AND ((status = 'pending' AND run_at <= now()) OR (status = 'running' AND locked_until < now() AND attempts < max_attempts))
         -- A pending successor waits for its running twin (same dedupe key): two instances must not run the same
         -- work at once, e.g. two trainings on the same rows. A twin whose lease ran out still holds it back while
         -- the twin can be taken again: another claimer may be re-taking it right now (its row locked, so skipped
         -- here, but its lease still looks expired in this snapshot).
         AND NOT (j.status = 'pending' AND j.dedupe_key IS NOT NULL AND EXISTS (
           SELECT 1 FROM jobs twin WHERE twin.installation_id = j.installation_id AND twin.dedupe_key = j.dedupe_key
             AND twin.status = 'running'
             AND (twin.locked_until >= now() OR twin.attempts < twin.max_attempts)))
       ORDER BY run_at, created_at
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, installation_id, kind, payload, attempts`,
    [kinds, workerId, leaseMs],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

export async function completeJob(client: SqlExecutor, id: string): Promise<void> {
  await client.query(
    `UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, finished_at = now() WHERE id = $1 AND status = 'running'`,
    [id],
  );
}

export async function failJob(
  client: SqlExecutor,
  id: string,
  error: string,
  options: { retryInMs?: number } = {},
): Promise<void> {
  const message = clip(error, MAX_ERROR_LENGTH);
  const params = [id, message, options.retryInMs ?? null, MAX_BACKOFF_MS];
  const retry = `
    UPDATE jobs SET last_error = $2, locked_by = NULL, locked_until = NULL,
      status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
      finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
      run_at = now() + coalesce($3, least(1000 * power(2, attempts), $4)) * interval '1 millisecond'
    WHERE id = $1 AND status = 'running'`;
  try {
    await client.query(retry, params);
  } catch (failure) {
    // 23505: a newer pending job with the same dedupe key exists and will do the work; this one ends here.
    if (errorCode(failure) !== '23505') throw failure;
    await client.query(
      `UPDATE jobs SET last_error = $2, locked_by = NULL, locked_until = NULL, status = 'failed', finished_at = now() WHERE id = $1 AND status = 'running'`,
      [id, message],
    );
  }
}

/** Ends every running job's lease now (see JobStore.releaseLeases); answers how many. */
export async function releaseLeases(client: SqlExecutor): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE jobs SET locked_until = now() - interval '1 millisecond' WHERE status = 'running'`,
  );
  return rowCount;
}

export async function extendLease(
  client: SqlExecutor,
  id: string,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE jobs SET locked_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
    [id, workerId, leaseMs],
  );
  return rowCount > 0;
}

export async function setJobProgress(client: SqlExecutor, id: string, progress: unknown): Promise<boolean> {
  const { rowCount } = await client.query(`UPDATE jobs SET progress = $2::jsonb WHERE id = $1 AND status = 'running'`, [
    id,
    jsonParam(progress),
  ]);
  return rowCount > 0;
}

export async function getJob(client: SqlExecutor, installation: string, id: string): Promise<JobRecord | null> {
  const { rows } = await client.query<
    JobRow & Record<'status' | 'dedupe_key' | 'max_attempts' | 'locked_by' | 'last_error' | 'progress', unknown>
  >(
    'SELECT id, installation_id, kind, payload, attempts, status, dedupe_key, max_attempts, locked_by, last_error, progress FROM jobs WHERE installation_id = $1 AND id = $2',
    [installation, id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...toJob(row),
    status: row.status as JobStatus,
    dedupeKey: toStringOrNull(row.dedupe_key),
    maxAttempts: toNumber(row.max_attempts),
    lockedBy: toStringOrNull(row.locked_by),
    lastError: toStringOrNull(row.last_error),
    progress: row.progress ?? null,
  };
}

/** Every installation's finished jobs (`client` spans them). */
export async function pruneJobs(client: SqlExecutor, before: string): Promise<number> {
  const { rowCount } = await client.query(
    `DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < $1::timestamptz`,
    [before],
  );
  // Webhook events as long as finished jobs: a delivery that old is refused by its timestamp anyway.
  await client.query(`DELETE FROM webhook_events WHERE received_at < $1::timestamptz`, [before]);
  return rowCount;
}

export async function lastJobFailure(client: SqlExecutor, installation: string, kind: string): Promise<string | null> {
  const { rows } = await client.query<{ finished_at: unknown }>(
    `SELECT max(finished_at) AS finished_at FROM jobs WHERE installation_id = $1 AND kind = $2 AND status = 'failed'`,
    [installation, kind],
  );
  return rows[0] && rows[0].finished_at !== null ? toIso(rows[0].finished_at) : null;
}
