import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, StorageUnavailableError, type Store } from '../../server/storage/index.ts';
import { openPostgres, statementName } from '../../server/storage/pg-client.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { adminQuery, createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.ts';
import { result, ticket, triageWrite } from './store-contract.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresAvailable)('PostgreSQL faults and concurrency', () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createStore({ databaseUrl: database.url, dataDir: 'unused', poolSize: 4 });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const terminateBackends = () =>
    adminQuery(
      database,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    );

  it('fails to open with StorageUnavailableError when nothing listens', async () => {
    const failure = await createStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test', dataDir: 'unused' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageUnavailableError);
  });

  it('reports a statement cut off by pg_terminate_backend as unavailable and serves the next one', async () => {
    const client = openPostgres({ connectionString: database.url, poolSize: 2 });
    try {
      const sleeping = client.query('SELECT pg_sleep(10)').then(
        () => null,
        (error: unknown) => error,
      );
      await sleep(300);
      await terminateBackends();
      expect(await sleeping).toBeInstanceOf(StorageUnavailableError);
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.close();
    }
  });

  it('recovers by itself after every connection of the pool was terminated', async () => {
    await Promise.all([store.ping(), store.countTickets(), store.getTicket('x'), store.ping()]);
    await terminateBackends();
    // Reads run again on another connection when a pooled one turned out dead, so they succeed at once.
    await expect(store.ping()).resolves.toBeUndefined();
    await expect(store.countTickets()).resolves.toBeGreaterThanOrEqual(0);
    await terminateBackends();
    let written = false;
    for (let attempt = 0; attempt < 3 && !written; attempt++) {
      try {
        await store.upsertTickets([ticket('after-terminate')]);
        written = true;
      } catch (error) {
        expect(error).toBeInstanceOf(StorageUnavailableError);
      }
    }
    expect(written).toBe(true);
    expect((await store.getTicket('after-terminate'))?.id).toBe('after-terminate');
  });

  it('runs a read again when the pool hands out a connection that died silently, and never a write', async () => {
    // A proxy that can cut every connection without telling the client, as a firewall dropping idle connections
    // would: the pool learns a connection is dead only when it uses it.
    const url = new URL(database.url);
    const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    await proxy.up();
    url.host = `127.0.0.1:${proxy.port}`;
    const client = openPostgres({ connectionString: url.toString(), poolSize: 4 });
    try {
      await client.query('CREATE TABLE IF NOT EXISTS cut_writes (n int)');
      for (let round = 0; round < 3; round++) {
        await Promise.all([1, 2, 3, 4].map(() => client.query('SELECT pg_sleep(0.01)')));
        proxy.cutSilently();
        const [one, two] = await Promise.all([
          client.query<{ one: number }>('SELECT 1 AS one'),
          client.scoped('acme').query<{ two: number }>('SELECT 2 AS two'),
        ]);
        expect([one.rows, two.rows]).toEqual([[{ one: 1 }], [{ two: 2 }]]);
      }
      // A write on a dead connection fails as unavailable: whether it ran is unknown, so the caller decides.
      await Promise.all([1, 2, 3, 4].map(() => client.query('SELECT pg_sleep(0.01)')));
      proxy.cutSilently();
      await expect(client.query('INSERT INTO cut_writes VALUES (1)')).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await client.close();
      await proxy.down();
    }
  });

  it('holds back a seq whose transaction is still in flight, so catching up never skips it', async () => {
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    try {
      const start = (await store.ticketsChangedSince(0, 100_000)).at(-1)?.seq ?? 0;
      // A writer that took the lower seq first and commits last, as a slow instance would.
      await raw.query('BEGIN');
      await raw.query("SELECT pg_advisory_xact_lock_shared(7302, hashtext('default'))");
      await raw.query(
        `INSERT INTO tickets (installation_id, id, subject, text, source, seq) VALUES ('default', 'slow-writer', 's', 't', 'import', nextval('ticket_seq'))`,
      );
      await store.upsertTickets([ticket('fast-writer')]);

      let settled = false;
      const catchingUp = store.ticketsChangedSince(start, 100).then((rows) => {
        settled = true;
        return rows;
      });
      await sleep(300);
      expect(settled).toBe(false);
      await raw.query('COMMIT');
      const rows = await catchingUp;
      expect(rows.map((row) => row.id)).toEqual(['slow-writer', 'fast-writer']);
    } finally {
      await raw.end();
    }
  });

  it("never waits for another installation's writer in flight: the seq lock is per installation", async () => {
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    try {
      const start = (await store.ticketsChangedSince(0, 100_000)).at(-1)?.seq ?? 0;
      await raw.query('BEGIN');
      await raw.query("SELECT pg_advisory_xact_lock_shared(7302, hashtext('inst_other'))");
      await raw.query(
        `INSERT INTO tickets (installation_id, id, subject, text, source, seq) VALUES ('inst_other', 'other-slow', 's', 't', 'import', nextval('ticket_seq'))`,
      );
      await store.upsertTickets([ticket('own-fast')]);
      // Answers while the other installation's transaction is still open, and holds only this installation's rows.
      const rows = await store.ticketsChangedSince(start, 100);
      expect(rows.map((row) => row.id)).toEqual(['own-fast']);
      await raw.query('ROLLBACK');
    } finally {
      await raw.end();
    }
  });

  it('takes no seq for a triage write while a catch-up reader holds the seq lock', async () => {
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    try {
      const lastValue = async () =>
        Number((await raw.query<{ last_value: string }>('SELECT last_value FROM ticket_seq')).rows[0]!.last_value);
      // The reader's side of the discipline: the lock exclusive, so no writer may hold a seq it has not committed.
      await raw.query('BEGIN');
      await raw.query("SELECT pg_advisory_xact_lock(7302, hashtext('default'))");
      const before = await lastValue();
      let settled = false;
      const saving = store.saveTriage(triageWrite('locked-out'), result('locked-out')).then((stored) => {
        settled = true;
        return stored;
      });
      await sleep(300);
      expect(settled).toBe(false);
      expect(await lastValue()).toBe(before);
      await raw.query('COMMIT');
      expect((await saving).seq).toBeGreaterThan(before);
    } finally {
      await raw.end();
    }
  });

  it('prepares a statement once per connection, and runs it unnamed once the server lost it (as behind a pooler)', async () => {
    const client = openPostgres({ connectionString: database.url, poolSize: 1 });
    try {
      const text = 'SELECT $1::int + 1 AS n';
      expect((await client.query<{ n: number }>(text, [1])).rows).toEqual([{ n: 2 }]);
      const prepared = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      expect(prepared.rows.map((row) => row.name)).toContain(statementName(text));
      // What a transaction-mode pooler does to a client: the server connection no longer holds the statement.
      await client.transaction((tx) => tx.query('DEALLOCATE ALL'));
      expect((await client.query<{ n: number }>(text, [2])).rows).toEqual([{ n: 3 }]);
      expect((await client.query<{ n: number }>(text, [3])).rows).toEqual([{ n: 4 }]);
    } finally {
      await client.close();
    }
  });

  it('names a statement by its text alone', () => {
    expect(statementName('SELECT 1')).toBe(statementName('SELECT 1'));
    expect(statementName('SELECT 1')).not.toBe(statementName('SELECT 2'));
    expect(statementName('SELECT 1')).toMatch(/^ta_[0-9a-f]{32}$/);
  });
});
