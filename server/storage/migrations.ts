import { ALL_INSTALLATIONS, SCOPE_SETTING, type SqlClient } from './sql-client.ts';

/** Advisory lock keys (two-int form): first number is this app, second the purpose. */
export const LOCK_APP = 7301;
export const LOCK_MIGRATE = 1;
/**
 * First number of the per-installation seq locks (two-int form; the second is `hashtext(installation_id)`): an
 * installation's ticket writers hold it shared, its catch-up readers take it exclusive for an instant (see
 * ticketsChangedSince). Per installation, so one installation's readers never wait for another's writers.
 */
export const LOCK_TICKET_SEQ = 7302;
/** The same discipline for stored embedding vectors (see embeddingsChangedSince). */
export const LOCK_EMBEDDING_SEQ = 7303;

/** Every table whose rows belong to an installation: migration 7's policies. */
const TENANT_TABLES = [
  'tickets',
  'triage_results',
  'feedback',
  'models',
  'jobs',
  'ticket_embeddings',
  'llm_budget',
] as const;

// The setting read in a subquery: evaluated once per statement (an InitPlan), not once per row.
const SCOPE = `(SELECT current_setting('${SCOPE_SETTING}', true))`;
const IN_SCOPE = `installation_id = ${SCOPE} OR ${SCOPE} = '${ALL_INSTALLATIONS}'`;

/** Migration 7's row-level security of one table: a statement sees and writes only its installation scope's rows. */
const rowSecurity = (table: string): string[] => [
  `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
  `CREATE POLICY installation_scope ON ${table}
        USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`,
];

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** Append only: a released migration never changes; a new change is a new number. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tickets, results, feedback, models, jobs',
    statements: [
      `CREATE SEQUENCE ticket_seq`,
      `CREATE TABLE tickets (
        id text PRIMARY KEY,
        subject text NOT NULL,
        text text NOT NULL,
        label text,
        -- 'feedback' once an agent accepted or corrected it: a later import does not overwrite that label
        label_source text,
        urgency text,
        status text,
        created_at timestamptz,
        source text NOT NULL,
        seq bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX tickets_seq_idx ON tickets (seq)`,
      `CREATE INDEX tickets_labelled_idx ON tickets (created_at, id) WHERE label IS NOT NULL`,
      `CREATE TABLE triage_results (
        ticket_id text NOT NULL,
        text_hash text NOT NULL,
        result jsonb NOT NULL,
        decision text NOT NULL,
        label text NOT NULL,
        confidence double precision NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (ticket_id, text_hash)
      )`,
      `CREATE INDEX triage_results_latest_idx ON triage_results (ticket_id, created_at DESC)`,
      `CREATE TABLE feedback (
        id text PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        ticket_id text NOT NULL,
        kind text NOT NULL,
        label text NOT NULL,
        corrected_label text,
        tags jsonb NOT NULL,
        actor jsonb NOT NULL,
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX feedback_ticket_idx ON feedback (ticket_id)`,
      `CREATE TABLE models (
        version text PRIMARY KEY,
        created_at timestamptz NOT NULL,
        metrics jsonb NOT NULL,
        promoted boolean NOT NULL,
        artifact text NOT NULL
      )`,
      `CREATE TABLE jobs (
        id text PRIMARY KEY,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        dedupe_key text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 5,
        run_at timestamptz NOT NULL DEFAULT now(),
        locked_by text,
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`,
      // One pending job per key; a running one may have a pending successor (new work arrived meanwhile).
      `CREATE UNIQUE INDEX jobs_dedupe_pending_idx ON jobs (dedupe_key) WHERE status = 'pending'`,
      `CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE status = 'pending'`,
      `CREATE INDEX jobs_running_idx ON jobs (locked_until) WHERE status = 'running'`,
    ],
  },
  {
    version: 2,
    name: 'LLM spend per installation and UTC day',
    statements: [
      // One row per installation and day, shared by every instance: the daily budget holds across instances.
      `CREATE TABLE llm_budget (
        installation text NOT NULL,
        day date NOT NULL,
        calls integer NOT NULL DEFAULT 0,
        usd double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (installation, day)
      )`,
    ],
  },
  {
    version: 3,
    name: 'embedding vectors of tickets per model',
    statements: [
      `CREATE SEQUENCE ticket_embedding_seq`,
      // One row per ticket and model. A row without a vector is a claim: the instance in claimed_by is embedding
      // that text until claimed_until, so instances sharing the database do not pay for the same text twice.
      // vector: float32 little-endian; text_hash: the hash of the redacted text that was embedded.
      `CREATE TABLE ticket_embeddings (
        ticket_id text NOT NULL,
        model text NOT NULL,
        text_hash text NOT NULL,
        dims integer,
        vector bytea,
        seq bigint,
        claimed_by text,
        claimed_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, model),
        CHECK ((vector IS NULL) = (dims IS NULL) AND (vector IS NULL) = (seq IS NULL))
      )`,
      `CREATE UNIQUE INDEX ticket_embeddings_seq_idx ON ticket_embeddings (model, seq) WHERE seq IS NOT NULL`,
    ],
  },
  {
    version: 4,
    name: 'the contract shape a stored result was checked against',
    statements: [
      // See result-shape.ts. NULL (rows written before this column, or a result that failed the check): parsed and
      // checked on every read.
      `ALTER TABLE triage_results ADD COLUMN shape text`,
    ],
  },
  {
    version: 5,
    name: 'every row carries its installation',
    statements: [
      // Existing rows are the zero-config installation's. The default is dropped at once: a write that forgot its
      // installation fails instead of landing in 'default'.
      ...['tickets', 'triage_results', 'feedback', 'models', 'jobs', 'ticket_embeddings'].flatMap((table) => [
        `ALTER TABLE ${table} ADD COLUMN installation_id text NOT NULL DEFAULT 'default'`,
        `ALTER TABLE ${table} ALTER COLUMN installation_id DROP DEFAULT`,
      ]),
      `ALTER TABLE llm_budget RENAME COLUMN installation TO installation_id`,
      // Keys and the indexes of scoped queries lead with the installation.
      `ALTER TABLE tickets DROP CONSTRAINT tickets_pkey`,
      `ALTER TABLE tickets ADD PRIMARY KEY (installation_id, id)`,
      `DROP INDEX tickets_seq_idx`,
      `CREATE UNIQUE INDEX tickets_seq_idx ON tickets (installation_id, seq)`,
      `DROP INDEX tickets_labelled_idx`,
      `CREATE INDEX tickets_labelled_idx ON tickets (installation_id, created_at, id) WHERE label IS NOT NULL`,
      `ALTER TABLE triage_results DROP CONSTRAINT triage_results_pkey`,
      `ALTER TABLE triage_results ADD PRIMARY KEY (installation_id, ticket_id, text_hash)`,
      `DROP INDEX triage_results_latest_idx`,
      `CREATE INDEX triage_results_latest_idx ON triage_results (installation_id, ticket_id, created_at DESC)`,
      `ALTER TABLE feedback DROP CONSTRAINT feedback_idempotency_key_key`,
      `CREATE UNIQUE INDEX feedback_idempotency_key_idx ON feedback (installation_id, idempotency_key)`,
      `DROP INDEX feedback_ticket_idx`,
      `CREATE INDEX feedback_ticket_idx ON feedback (installation_id, ticket_id)`,
      `ALTER TABLE models DROP CONSTRAINT models_pkey`,
      `ALTER TABLE models ADD PRIMARY KEY (installation_id, version)`,
      `DROP INDEX jobs_dedupe_pending_idx`,
      `CREATE UNIQUE INDEX jobs_dedupe_pending_idx ON jobs (installation_id, dedupe_key) WHERE status = 'pending'`,
      `ALTER TABLE ticket_embeddings DROP CONSTRAINT ticket_embeddings_pkey`,
      `ALTER TABLE ticket_embeddings ADD PRIMARY KEY (installation_id, ticket_id, model)`,
      `DROP INDEX ticket_embeddings_seq_idx`,
      `CREATE UNIQUE INDEX ticket_embeddings_seq_idx ON ticket_embeddings (installation_id, model, seq) WHERE seq IS NOT NULL`,
    ],
  },
  {
    version: 6,
    name: 'the installation registry',
    statements: [
      // One row per registered Zendesk account. secrets: sealed (AES-256-GCM under TRIAGE_MASTER_KEY, see
      // server/installations/seal.ts), never readable without the key. The default installation has no row.
      `CREATE TABLE installations (
        id text PRIMARY KEY,
        subdomain text NOT NULL UNIQUE,
        secrets text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 7,
    name: 'row-level security: a statement sees and writes only the rows of its installation scope',
    // The second wall beneath the store's own scoping (see sql-client.ts): the pool sets the scope per connection.
    // Unset or empty, nothing matches; '*' (ALL_INSTALLATIONS) is the explicit scope of the few statements that span
    // installations. FORCE applies the policies to the tables' owner too (the app's role); a superuser or a role with
    // BYPASSRLS is still not bound, so the app should not connect as one.
    statements: TENANT_TABLES.flatMap(rowSecurity),
  },
  {
    version: 8,
    name: 'import cursors: where a resumable import (the Zendesk export) stopped, per installation and source',
    statements: [
      `CREATE TABLE import_cursors (
        installation_id text NOT NULL,
        source text NOT NULL,
        cursor text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (installation_id, source)
      )`,
      ...rowSecurity('import_cursors'),
    ],
  },
  {
    version: 9,
    name: 'webhook events received, per installation: a replayed delivery enqueues nothing',
    // Zendesk retries a delivery, and a captured one may be replayed: the event id is recorded in the statement that
    // enqueues its job (enqueueEventJob), so an event makes one job ever, whatever became of that job.
    statements: [
      `CREATE TABLE IF NOT EXISTS webhook_events (
        installation_id text NOT NULL,
        event_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (installation_id, event_id)
      )`,
      'CREATE INDEX IF NOT EXISTS webhook_events_received ON webhook_events (received_at)',
      'ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY',
      `CREATE POLICY installation_scope ON webhook_events USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`,
    ],
  },
  {
    version: 10,
    name: "a job's progress: counts a long job (a Zendesk import) reports while it runs and leaves when done",
    statements: ['ALTER TABLE jobs ADD COLUMN IF NOT EXISTS progress jsonb'],
  },
];

/**
 * Applies the pending migrations in one transaction. The advisory lock makes instances that start
 * together wait for each other; the second finds everything applied and does nothing.
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_APP, LOCK_MIGRATE]);
    // Migrations may rewrite every installation's rows: the spanning scope, for this transaction only.
    await tx.query(`SELECT set_config('${SCOPE_SETTING}', $1, true)`, [ALL_INSTALLATIONS]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
