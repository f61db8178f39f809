import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../server/storage/index.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.ts';

// Row locks between two claimers need two connections: PostgreSQL only (PGlite has one).
describe.runIf(postgresAvailable)('claimJob between instances (PostgreSQL)', () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createStore({ databaseUrl: database.url, dataDir: 'unused', poolSize: 2 });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('does not start a successor while another claimer is re-taking its expired twin', async () => {
    const key = 'retrain-race';
    const twin = await store.enqueueJob('race', {}, { dedupeKey: key });
    expect((await store.claimJob(['race'], 'dying', 40))!.id).toBe(twin);
    const successor = await store.enqueueJob('race', {}, { dedupeKey: key });
    await new Promise((resolve) => setTimeout(resolve, 80));
    // Another instance is in the middle of taking the expired twin again: its row is locked, its lease not yet renewed.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM jobs WHERE id = $1 FOR UPDATE', [twin]);
      // The locked twin is skipped; its successor must wait too, or both would run at once.
      expect(await store.claimJob(['race'], 'here', 60_000)).toBeNull();
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    // The other claimer gave up: the twin is taken again first, and the successor still waits for it.
    expect((await store.claimJob(['race'], 'here', 60_000))!.id).toBe(twin);
    expect(await store.claimJob(['race'], 'there', 60_000)).toBeNull();
    await store.completeJob(twin);
    expect((await store.claimJob(['race'], 'there', 60_000))!.id).toBe(successor);
  });
});
