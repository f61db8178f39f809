import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../server/storage/migrations.ts';
import { openPglite } from '../../server/storage/pglite-client.ts';
import { openPostgres } from '../../server/storage/pg-client.ts';
import type { SqlClient } from '../../server/storage/sql-client.ts';
import { SqlStore } from '../../server/storage/sql-store.ts';
import { parseStoredResult } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.ts';
import { result } from './store-contract.ts';

/** Rows in every table as a build at migration 4 left them, written with its own SQL. */
async function fillAtMigration4(client: SqlClient): Promise<void> {
  const ALL_STATEMENTS = [
    `INSERT INTO tickets (id, subject, text, label, label_source, urgency, status, created_at, source, seq)
     VALUES ('1', 'Old one', 'Old one\nThe invoice is wrong', 'billing', 'feedback', 'normal', 'open', '2026-10-01T08:00:00Z', 'import', nextval('ticket_seq'))`,
    `INSERT INTO triage_results (ticket_id, text_hash, result, decision, label, confidence, created_at, shape)
     VALUES ('1', 'hash-1', '${JSON.stringify(result('1', { textHash: 'hash-1' }))}'::jsonb, 'review', 'billing', 0.42, '2026-11-23T10:00:00Z', NULL)`,
    `INSERT INTO feedback (id, idempotency_key, ticket_id, kind, label, corrected_label, tags, actor, at)
     VALUES ('f-1', 'key-1', '1', 'correct', 'refund', 'billing', '[]', '{"id":"agent-1"}', '2026-11-24T10:00:00Z')`,
    `INSERT INTO models (version, created_at, metrics, promoted, artifact) VALUES ('v1', '2026-11-20T00:00:00Z', '{"accuracy":0.9}', true, '{"old":true}')`,
    `INSERT INTO jobs (id, kind, payload, dedupe_key) VALUES ('00000000-0000-4000-8000-000000000001', 'retrain', '{"labels":3}', 'retrain')`,
    `INSERT INTO llm_budget (installation, day, calls, usd) VALUES ('default', '2026-12-01', 3, 0.25)`,
    `INSERT INTO ticket_embeddings (ticket_id, model, text_hash, dims, vector, seq)
     VALUES ('1', 'embed-1', 'h', 1, decode('AACAPw==', 'base64'), nextval('ticket_embedding_seq'))`,
  ];
  for (const statement of ALL_STATEMENTS) await client.query(statement);
}

/** Everything written at migration 4 is the default installation's after the upgrade, and no one else's. */
async function expectMigratedIntoDefault(store: SqlStore): Promise<void> {
  expect(await store.getTicket('1')).toMatchObject({ subject: 'Old one', label: 'billing', status: 'open' });
  expect(await store.labelledTickets()).toHaveLength(1);
  expect(parseStoredResult((await store.findResult('1', 'hash-1'))!).label.name).toBe('billing');
  expect(await store.latestVerdict('1')).toMatchObject({ kind: 'correct', correctedLabel: 'billing' });
  // The label from feedback still beats an import.
  await store.upsertTickets([
    {
      id: '1',
      subject: 'Old one',
      text: 'x',
      label: 'refund',
      urgency: null,
      status: null,
      createdAt: null,
      source: 'import',
    },
  ]);
  expect((await store.getTicket('1'))!.label).toBe('billing');
  expect((await store.latestModel())?.artifact).toBe('{"old":true}');
  expect(await store.getJob('00000000-0000-4000-8000-000000000001')).toMatchObject({
    installation: 'default',
    dedupeKey: 'retrain',
    status: 'pending',
  });
  expect(await store.enqueueJob('retrain', {}, { dedupeKey: 'retrain' })).toBe('00000000-0000-4000-8000-000000000001');
  expect(await store.llmSpend({ day: '2026-12-01' })).toEqual({ calls: 3, usd: 0.25 });
  expect((await store.embeddingsChangedSince('embed-1', 0, 10)).map((row) => [...row.vector])).toEqual([[1]]);

  const other = store.forInstallation('inst_0123456789abcdef');
  expect(await other.getTicket('1')).toBeNull();
  expect(await other.countTickets()).toBe(0);
  expect(await other.findResult('1', 'hash-1')).toBeNull();
  expect(await other.latestModel()).toBeNull();
  expect(await other.llmSpend({ day: '2026-12-01' })).toEqual({ calls: 0, usd: 0 });
}

/** A write that names no installation fails: the column has no default after the migration. */
async function expectNoDefaultInstallation(client: SqlClient): Promise<void> {
  await expect(
    client.query(
      `INSERT INTO models (version, created_at, metrics, promoted, artifact) VALUES ('v2', now(), '{}', false, '')`,
    ),
  ).rejects.toThrow(/installation_id/);
}

describe('migrating a database written before installations (migration 4) into the default installation', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('on PGlite', async () => {
    const folder = await freshPgliteDir();
    cleanups.push(() => folder.remove());
    const client = await openPglite(folder.dir);
    const store = new SqlStore(client);
    cleanups.push(() => store.close());
    await migrate(client, MIGRATIONS.slice(0, 4));
    await fillAtMigration4(client);
    await store.migrate();
    await expectMigratedIntoDefault(store);
    await expectNoDefaultInstallation(client);
  });

  it.runIf(postgresAvailable)('on PostgreSQL', async () => {
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    const client = openPostgres({ connectionString: database.url, poolSize: 2 });
    const store = new SqlStore(client, { connections: 2 });
    cleanups.push(() => store.close());
    await migrate(client, MIGRATIONS.slice(0, 4));
    await fillAtMigration4(client);
    await store.migrate();
    await expectMigratedIntoDefault(store);
    await expectNoDefaultInstallation(client.scoped('*'));
  });
});
