import type { SqlExecutor } from './sql-client.ts';

export async function importCursor(client: SqlExecutor, installation: string, source: string): Promise<string | null> {
  const { rows } = await client.query<{ cursor: string }>(
    'SELECT cursor FROM import_cursors WHERE installation_id = $1 AND source = $2',
    [installation, source],
  );
  return rows[0]?.cursor ?? null;
}

export async function saveImportCursor(
  client: SqlExecutor,
  installation: string,
  source: string,
  cursor: string,
): Promise<void> {
  await client.query(
    `INSERT INTO import_cursors (installation_id, source, cursor) VALUES ($1, $2, $3)
     ON CONFLICT (installation_id, source) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
    [installation, source, cursor],
  );
}
