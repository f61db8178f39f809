import pg from 'pg';
import { errorCode } from '../../src/errors/index.ts';
import { sha256Hex } from '../sha256-hex.ts';
import { isUnavailableError, mapStorageError } from './errors.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';

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

/**
 * PostgreSQL through a pg Pool. Statements outside transactions are prepared once per connection (named by their
 * text): the server parses and plans them once, not on every call; that halves its CPU for the triage statements.
 * Should the server lose them (a pooler), the statement runs again unnamed and the client stops naming. A broken connection is dropped from the pool (idle ones through the
 * pool's error event, busy ones by releasing them with the error), so the pool heals when the server is back.
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

  let prepare = true;
  // pg types rows as `any`; as with PGlite, the caller names the shape of the rows it selects.
  const query: SqlExecutor['query'] = async <Row>(text: string, params: readonly unknown[] = []) => {
    try {
      if (prepare) {
        try {
          const result = await pool.query<Row & pg.QueryResultRow>({
            name: statementName(text),
            text,
            values: [...params],
          });
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        } catch (error) {
          if (!LOST_STATEMENT.has(errorCode(error) ?? '')) throw error;
          prepare = false;
        }
      }
      const result = await pool.query<Row & pg.QueryResultRow>(text, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      return mapStorageError(error);
    }
  };

  return {
    engine: 'postgres',
    query,
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        return mapStorageError(error);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await work({
          async query<Row>(text: string, params: readonly unknown[] = []) {
            const result = await client.query<Row & pg.QueryResultRow>(text, [...params]);
            return { rows: result.rows, rowCount: result.rowCount ?? 0 };
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        if (isUnavailableError(error)) broken = error as Error;
        else await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError as Error));
        return mapStorageError(error);
      } finally {
        // Releasing with an error destroys the connection instead of returning it to the pool.
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
