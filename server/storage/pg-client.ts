import pg from 'pg';
import { isUnavailableError, mapStorageError } from './errors.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';

export interface PgOptions {
  readonly connectionString: string;
  /** Connections per instance; several instances share one server. */
  readonly poolSize?: number;
  /** How long to wait for a connection before answering "unavailable". */
  readonly connectTimeoutMs?: number;
  /** Called with connection errors of idle clients (logged by the caller, never thrown). */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * PostgreSQL through a pg Pool. A broken connection is dropped from the pool (idle ones through the
 * pool's error event, busy ones by releasing them with the error), so the pool heals when the server is back.
 */
export function openPostgres(options: PgOptions): SqlClient {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle client's error (e.g. pg_terminate_backend) would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));

  const query: SqlExecutor['query'] = async (text, params = []) => {
    try {
      const result = await pool.query(text, [...params]);
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
          async query(text, params = []) {
            const result = await client.query(text, [...params]);
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
