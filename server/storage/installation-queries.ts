import type { SqlExecutor } from './sql-client.ts';
import type { InstallationRecord } from './store.ts';
import { jsonParam, toIso, toNumber } from './values.ts';

const COLUMNS = 'id, subdomain, secrets, settings, created_at, updated_at';

interface InstallationRow {
  id: string;
  subdomain: string;
  secrets: string;
  settings: unknown;
  created_at: unknown;
  updated_at: unknown;
}

function toRecord(row: InstallationRow): InstallationRecord {
  const settings = typeof row.settings === 'string' ? (JSON.parse(row.settings) as unknown) : row.settings;
  return {
    id: row.id,
    subdomain: row.subdomain,
    secrets: row.secrets,
    settings: typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>) : {},
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export async function addInstallation(
  client: SqlExecutor,
  record: { id: string; subdomain: string; secrets: string; settings?: Record<string, unknown> },
): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO installations (id, subdomain, secrets, settings) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT DO NOTHING`,
    [record.id, record.subdomain, record.secrets, jsonParam(record.settings ?? {})],
  );
  return rowCount === 1;
}

export async function getInstallation(client: SqlExecutor, id: string): Promise<InstallationRecord | null> {
  const { rows } = await client.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function installationBySubdomain(
  client: SqlExecutor,
  subdomain: string,
): Promise<InstallationRecord | null> {
  const { rows } = await client.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations WHERE subdomain = $1`, [
    subdomain,
  ]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function listInstallations(client: SqlExecutor): Promise<InstallationRecord[]> {
  const { rows } = await client.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations ORDER BY subdomain`);
  return rows.map(toRecord);
}

export async function updateInstallationSecrets(client: SqlExecutor, id: string, secrets: string): Promise<boolean> {
  // updated_at moves forward even when two updates share a transaction start time: the marker must change.
  const { rowCount } = await client.query(
    `UPDATE installations SET secrets = $2, updated_at = greatest(now(), updated_at + interval '1 microsecond')
     WHERE id = $1`,
    [id, secrets],
  );
  return rowCount === 1;
}

export async function updateInstallationSettings(
  client: SqlExecutor,
  id: string,
  settings: Record<string, unknown>,
): Promise<boolean> {
  // As for secrets: updated_at moves, so every instance's marker poll sees the change.
  const { rowCount } = await client.query(
    `UPDATE installations SET settings = $2::jsonb, updated_at = greatest(now(), updated_at + interval '1 microsecond')
     WHERE id = $1`,
    [id, jsonParam(settings)],
  );
  return rowCount === 1;
}

export async function removeInstallation(client: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await client.query('DELETE FROM installations WHERE id = $1', [id]);
  return rowCount === 1;
}

/**
 * A digest of every row's id and updated_at. Not max(updated_at) + count: a transaction that started earlier but
 * committed later writes an older updated_at, which a maximum would hide.
 */
export async function installationsMarker(client: SqlExecutor): Promise<string> {
  const { rows } = await client.query<{ marker: string | null; count: unknown }>(
    `SELECT md5(coalesce(string_agg(id || '@' || (extract(epoch FROM updated_at) * 1000000)::bigint, ',' ORDER BY id), ''))
       AS marker, count(*) AS count
     FROM installations`,
  );
  const row = rows[0];
  return `${row ? toNumber(row.count) : 0}:${row?.marker ?? ''}`;
}
