import pg from 'pg';
import { errorCode } from '../../src/errors/index.ts';
import { sha256Hex } from '../sha256-hex.ts';
import { isUnavailableError, mapStorageError } from './errors.ts';
import { NO_INSTALLATION, SCOPE_SETTING, type SqlClient, type SqlExecutor } from './sql-client.ts';

/** Connections per instance unless TRIAGE_DB_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 10;

export interface PgOptions {
  readonly connectionString: string;
  /** Connections per instance; several instances share one server. */
  readonly poolSize?: number;
  /** How long to wait for a connection before answering "unavailable". */
  readonly connectTimeoutMs?: number;
  /** Called with connection errors reported outside a statement (idle, or after a reset); logged, never thrown. */
  readonly onIdleError?: (error: Error) => void;
}

// The server has no such prepared statement, or has another one of that name: a pooler (PgBouncer in transaction
// mode) moved us to another server connection. Both fail at Parse or Bind, before the statement ran.
const LOST_STATEMENT = new Set(['26000', '42P05']);

const statementNames = new Map<string, string>();

/**
 * A prepared statement's name derived from its text, so a name means the same statement on every connection and in
 * every instance (through a pooler too). The store's SQL is static text, so the map stays small.
 */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ta_${sha256Hex(text).slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
}

// A statement that only reads: running it twice is harmless. Anything that may write, lock or take a sequence is not.
const READ = /^\s*(SELECT|WITH)\b/i;
const SIDE_EFFECT =
  /\b(INSERT|UPDATE|DELETE|MERGE|nextval|setval|pg_advisory\w*|pg_notify|set_config)\b|\bFOR\s+(UPDATE|SHARE|NO KEY|KEY)\b/i;

/** True when a statement only reads, so it may run again after its connection broke. */
export function isReadOnlyStatement(text: string): boolean {
  return READ.test(text) && !SIDE_EFFECT.test(text);
}

// Session-wide (false): it outlives the statement, so a connection whose scope is already right needs no round trip.
const SET_SCOPE = `SELECT set_config('${SCOPE_SETTING}', $1, false)`;
// Transaction-wide (true): behind a transaction pooler the session is not ours between transactions.
const SET_LOCAL_SCOPE = `SELECT set_config('${SCOPE_SETTING}', $1, true)`;

/**
 * PostgreSQL through a pg Pool. Statements outside transactions are prepared once per connection (named by their
 * text): the server parses and plans them once, not on every call; that halves its CPU for the triage statements.
 * Should the server lose them (a pooler), the statement runs again unnamed and the client stops naming. A broken connection is dropped from the pool (idle ones through the
 * pool's error event, busy ones by releasing them with the error), so the pool heals when the server is back.
 *
 * Row-level security scope (see SCOPE_SETTING): every statement runs on a connection whose session setting is the
 * scope it asks for. The client remembers each pooled connection's setting and sets it (one round trip) only when it
 * differs, so one installation's steady state costs nothing and a connection never runs a statement in the scope a
 * previous user left. Once a pooler shows itself (lost prepared statements), sessions are not ours between
 * transactions: each statement then runs in a transaction that sets its scope locally.
 */
export function openPostgres(options: PgOptions): SqlClient {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle client's error (e.g. pg_terminate_backend) would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));

  /** The scope each pooled connection's session holds, as far as this client set it. */
  const sessionScopes = new WeakMap<pg.PoolClient, string>();
  /** Connections left in an unknown state (a rollback failed): destroyed on release. */
  const unusable = new WeakSet<pg.PoolClient>();
  let prepare = true;

  /** Connections handed out before: a broken one of these may have died while it sat idle in the pool. */
  const handedOut = new WeakSet<pg.PoolClient>();
  /** Failures that happened before the caller's statement reached the server (setting the scope, BEGIN). */
  const beforeStatement = new WeakSet<object>();
  const maxAttempts = (options.poolSize ?? DEFAULT_POOL_SIZE) + 1;

  /** Runs `step`, marking its failure as one that happened before the caller's statement was sent. */
  async function preamble(step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (error !== null && typeof error === 'object') beforeStatement.add(error);
      throw error;
    }
  }

  /**
   * A pooled connection for `use`, released afterwards (destroyed when it broke). When the server dropped pooled
   * connections (a restart, pg_terminate_backend), the pool may hand out dead ones before their error event arrives:
   * a statement that failed on such a reused connection runs again on another one when running it twice is safe
   * (`idempotent`: a read) or it never reached the server (the scope or BEGIN failed). Every retry destroys one dead
   * connection, so a pool of n heals within n + 1 attempts; a fresh connection that fails is not retried.
   */
  async function withConnection<T>(use: (client: pg.PoolClient) => Promise<T>, idempotent = false): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        return mapStorageError(error);
      }
      const reused = handedOut.has(client);
      if (!reused) {
        handedOut.add(client);
        // A checked-out connection reports a socket error after its statement failed (a reset): without a
        // listener that error would crash the process. The statement's own failure already told the caller.
        client.on('error', (error) => options.onIdleError?.(error));
      }
      let broken: Error | undefined;
      try {
        return await use(client);
      } catch (error) {
        if (isUnavailableError(error)) broken = error as Error;
        const safe = idempotent || (error !== null && typeof error === 'object' && beforeStatement.has(error));
        if (broken === undefined || !reused || !safe || attempt >= maxAttempts) return mapStorageError(error);
      } finally {
        // Releasing with an error destroys the connection instead of returning it to the pool.
        client.release(broken ?? (unusable.has(client) ? new Error('rollback failed') : undefined));
      }
    }
  }

  async function enterScope(client: pg.PoolClient, scope: string): Promise<void> {
    if (sessionScopes.get(client) === scope) return;
    // Forgotten first: should the statement fail, the next user sets it again.
    sessionScopes.delete(client);
    await preamble(() => client.query(SET_SCOPE, [scope]));
    sessionScopes.set(client, scope);
  }

  async function inTransaction<T>(
    client: pg.PoolClient,
    scope: string,
    work: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    if (prepare) await enterScope(client, scope);
    await preamble(() => client.query('BEGIN'));
    try {
      if (!prepare) await preamble(() => client.query(SET_LOCAL_SCOPE, [scope]));
      const value = await work({
        async query<Row>(text: string, params: readonly unknown[] = []) {
          const result = await client.query<Row & pg.QueryResultRow>(text, [...params]);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
      });
      await client.query('COMMIT');
      return value;
    } catch (error) {
      if (!isUnavailableError(error)) await client.query('ROLLBACK').catch(() => unusable.add(client));
      throw error;
    }
  }

  function clientFor(scope: string): SqlClient {
    // pg types rows as `any`; as with PGlite, the caller names the shape of the rows it selects.
    const query: SqlExecutor['query'] = async <Row>(text: string, params: readonly unknown[] = []) => {
      if (prepare) {
        const outcome = await withConnection(async (client) => {
          await enterScope(client, scope);
          try {
            const result = await client.query<Row & pg.QueryResultRow>({
              name: statementName(text),
              text,
              values: [...params],
            });
            return { rows: result.rows, rowCount: result.rowCount ?? 0 };
          } catch (error) {
            if (!LOST_STATEMENT.has(errorCode(error) ?? '')) throw error;
            prepare = false;
            return null;
          }
        }, isReadOnlyStatement(text));
        if (outcome) return outcome;
      }
      return withConnection(
        (client) => inTransaction(client, scope, (tx) => tx.query<Row>(text, params)),
        isReadOnlyStatement(text),
      );
    };
    return {
      engine: 'postgres',
      query,
      transaction: (work) => withConnection((client) => inTransaction(client, scope, work)),
      scoped: clientFor,
      async close() {
        await pool.end();
      },
    };
  }

  return clientFor(NO_INSTALLATION);
}
