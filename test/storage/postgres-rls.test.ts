import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStore, type Store } from '../../server/storage/index.ts';
import { openPostgres } from '../../server/storage/pg-client.ts';
import { openPglite } from '../../server/storage/pglite-client.ts';
import { SqlStore } from '../../server/storage/sql-store.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import {
  createAppRole,
  createTestDatabase,
  postgresAvailable,
  type AppRole,
  type TestDatabase,
} from '../support/postgres.ts';
import { result, ticket, triageWrite } from './store-contract.ts';

const TENANT_TABLES = [
  'feedback',
  'import_cursors',
  'jobs',
  'llm_budget',
  'models',
  'ticket_embeddings',
  'tickets',
  'triage_results',
  'webhook_events',
];

/** A raw connection as the app's role, outside the store: what a query that forgot its scope would see. */
async function rawQuery<Row extends pg.QueryResultRow>(url: string, statements: readonly string[], last: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
    return (await client.query<Row>(last)).rows;
  } finally {
    await client.end();
  }
}

// Superusers bypass row-level security: these tests connect as a role that owns the database and nothing more.
describe.runIf(postgresAvailable)('row-level security on PostgreSQL (a non-superuser role)', () => {
  let database: TestDatabase;
  let role: AppRole;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase();
    role = await createAppRole(database);
    store = await createStore({ databaseUrl: role.url, dataDir: 'unused', poolSize: 2 });
    const a = store.forInstallation('inst_a');
    const b = store.forInstallation('inst_b');
    await a.upsertTickets([ticket('1', { subject: 'A one' }), ticket('2')]);
    await b.upsertTickets([ticket('1', { subject: 'B one' })]);
    await a.saveTriage(triageWrite('3'), result('3'));
    await b.enqueueJob('rls-kind', {}, { dedupeKey: 'k' });
    await a.reserveLlmCall({ day: '2026-12-07' }, { calls: null, usd: null });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
    await role?.drop();
  });

  it('runs as a role that row-level security binds, with a forced policy on every tenant table', async () => {
    const [me] = await rawQuery<{ rolsuper: boolean; rolbypassrls: boolean }>(
      role.url,
      [],
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(me).toEqual({ rolsuper: false, rolbypassrls: false });
    const tables = await rawQuery<{ relname: string }>(
      role.url,
      [],
      `SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid
       WHERE c.relrowsecurity AND c.relforcerowsecurity ORDER BY c.relname`,
    );
    expect(tables.map((table) => table.relname)).toEqual(TENANT_TABLES);
  });

  it('serves scoped stores under the policies: each installation its own rows, a worker every installation', async () => {
    const a = store.forInstallation('inst_a');
    const b = store.forInstallation('inst_b');
    expect((await a.getTicket('1'))?.subject).toBe('A one');
    expect((await b.getTicket('1'))?.subject).toBe('B one');
    expect(await a.countTickets()).toBe(3);
    expect(await b.countTickets()).toBe(1);
    expect(await a.findResult('3', result('3').textHash)).not.toBeNull();
    expect(await b.findResult('3', result('3').textHash)).toBeNull();
    expect((await a.reviewQueue(10)).total).toBe(1);
    expect(await a.llmSpend({ day: '2026-12-07' })).toEqual({ calls: 1, usd: 0 });
    expect(await b.llmSpend({ day: '2026-12-07' })).toEqual({ calls: 0, usd: 0 });
    // The root store is the default installation's: it sees neither.
    expect(await store.countTickets()).toBe(0);
    const job = await a.claimJob(['rls-kind'], 'w', 60_000);
    expect(job?.installation).toBe('inst_b');
    await a.completeJob(job!.id);
    expect(await b.getJob(job!.id)).toMatchObject({ status: 'done' });
    expect(await a.getJob(job!.id)).toBeNull();
    expect(await a.pruneJobs(new Date(Date.now() + 60_000).toISOString())).toBe(1);
  });

  it('shows a query that forgot its scope nothing, on a raw connection and on the store’s own client', async () => {
    for (const table of TENANT_TABLES) {
      expect(await rawQuery(role.url, [], `SELECT * FROM ${table}`)).toEqual([]);
      expect(await rawQuery(role.url, ["SET triage.installation = ''"], `SELECT * FROM ${table}`)).toEqual([]);
    }
    const client = openPostgres({ connectionString: role.url, poolSize: 1 });
    try {
      expect((await client.query('SELECT id FROM tickets')).rows).toEqual([]);
      expect((await client.scoped('inst_b').query('SELECT id FROM tickets')).rows).toEqual([{ id: '1' }]);
      // The same connection, back to no scope: the previous statement's scope does not linger.
      expect((await client.query('SELECT id FROM tickets')).rows).toEqual([]);
      expect((await client.transaction((tx) => tx.query('SELECT id FROM tickets'))).rows).toEqual([]);
    } finally {
      await client.close();
    }
    // In scope, a raw query sees that installation's rows only.
    const scoped = await rawQuery<{ id: string }>(
      role.url,
      ["SELECT set_config('triage.installation', 'inst_a', false)"],
      'SELECT id FROM tickets ORDER BY id',
    );
    expect(scoped.map((row) => row.id)).toEqual(['1', '2', '3']);
  });

  it('refuses a write without a scope, or into another installation than its scope', async () => {
    const insert = (installation: string) =>
      `INSERT INTO tickets (installation_id, id, subject, text, source, seq)
       VALUES ('${installation}', 'x', 's', 't', 'import', nextval('ticket_seq'))`;
    await expect(rawQuery(role.url, [], insert('inst_a'))).rejects.toThrow(/row-level security/);
    await expect(
      rawQuery(role.url, ["SELECT set_config('triage.installation', 'inst_b', false)"], insert('inst_a')),
    ).rejects.toThrow(/row-level security/);
    // Nor can an update move a row into another installation.
    await expect(
      rawQuery(
        role.url,
        ["SELECT set_config('triage.installation', 'inst_b', false)"],
        "UPDATE tickets SET installation_id = 'inst_a' WHERE id = '1'",
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await store.forInstallation('inst_a').getTicket('x')).toBeNull();
  });

  it('sets a connection’s scope only when it changes, and never leaves one installation’s scope to another', async () => {
    const single = await createStore({ databaseUrl: role.url, dataDir: 'unused', poolSize: 1 });
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    const scopeChanges = () =>
      queries.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('set_config')).length;
    try {
      const a = single.forInstallation('inst_a');
      const b = single.forInstallation('inst_b');
      await a.getTicket('1');
      const before = scopeChanges();
      for (let i = 0; i < 10; i++) {
        expect((await a.getTicket('1'))?.subject).toBe('A one');
        expect(await a.findResult('3', result('3').textHash)).not.toBeNull();
      }
      expect(scopeChanges()).toBe(before);
      // One connection, alternating installations: each statement runs in its own scope.
      for (let i = 0; i < 5; i++) {
        expect((await a.getTicket('1'))?.subject).toBe('A one');
        expect((await b.getTicket('1'))?.subject).toBe('B one');
        expect(await b.countTickets()).toBe(1);
      }
      expect(scopeChanges()).toBe(before + 9);
    } finally {
      queries.mockRestore();
      await single.close();
    }
  });
});

describe('row-level security on PGlite', () => {
  it('has the policies, but its one user is a superuser: the store’s own scoping is the wall there', async () => {
    const folder = await freshPgliteDir();
    const client = await openPglite(folder.dir);
    const store = new SqlStore(client);
    try {
      await store.migrate();
      const policies = await client.query<{ tablename: string }>(
        "SELECT tablename FROM pg_policies WHERE policyname = 'installation_scope' ORDER BY tablename",
      );
      expect(policies.rows.map((row) => row.tablename)).toEqual(TENANT_TABLES);
      const [me] = (
        await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')
      ).rows;
      expect(me?.rolsuper).toBe(true);
      await store.forInstallation('inst_a').upsertTickets([ticket('1')]);
      // Unscoped, the superuser sees the row: on PGlite only the store's scoping keeps installations apart.
      expect((await client.query('SELECT id FROM tickets')).rows).toHaveLength(1);
      expect(await store.forInstallation('inst_b').getTicket('1')).toBeNull();
      expect(await store.countTickets()).toBe(0);
    } finally {
      await store.close();
      folder.remove();
    }
  });
});
