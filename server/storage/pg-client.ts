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
  /** Called with connection errors of idle clients (logged by the caller, never thrown). */
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

  /** A pooled connection for `use`, released afterwards (destroyed when it broke). */
  async function withConnection<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      return mapStorageError(error);
    }
    let broken: Error | undefined;
    try {
      return await use(client);
    } catch (error) {
      if (isUnavailableError(error)) broken = error as Error;
      return mapStorageError(error);
    } finally {
      // Releasing with an error destroys the connection instead of returning it to the pool.
      client.release(broken ?? (unusable.has(client) ? new Error('rollback failed') : undefined));
    }
  }

  async function enterScope(client: pg.PoolClient, scope: string): Promise<void> {
    if (sessionScopes.get(client) === scope) return;
    // Forgotten first: should the statement fail, the next user sets it again.
    sessionScopes.delete(client);
    await client.query(SET_SCOPE, [scope]);
    sessionScopes.set(client, scope);
  }

  async function inTransaction<T>(
    client: pg.PoolClient,
    scope: string,
    work: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    if (prepare) await enterScope(client, scope);
    await client.query('BEGIN');
    try {
      if (!prepare) await client.query(SET_LOCAL_SCOPE, [scope]);
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
        });
        if (outcome) return outcome;
      }
      return withConnection(async (client) => {
        const result = await inTransaction(client, scope, (tx) => tx.query<Row>(text, params));
        return result;
      });
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
