import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URLS = [
  process.env.TEST_POSTGRES_URL,
  'postgres://postgres@127.0.0.1:5432/test',
  'postgres://root@127.0.0.1:5432/test',
].filter((url): url is string => typeof url === 'string' && url.length > 0);

export interface TestDatabase {
  /** Connection string of a fresh, empty database. */
  readonly url: string;
  /** Connection string of the admin database (for pg_terminate_backend and the like). */
  readonly adminUrl: string;
  readonly name: string;
  drop(): Promise<void>;
}

async function reachableAdminUrl(): Promise<string | null> {
  for (const url of ADMIN_URLS) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.end();
      return url;
    } catch {
      await client.end().catch(() => undefined);
    }
  }
  return null;
}

const adminUrl = await reachableAdminUrl();

/**
 * Whether PostgreSQL tests run. With CI=true an unreachable server fails the suite instead of skipping it;
 * locally the suite skips with a loud message.
 */
export const postgresAvailable = adminUrl !== null || process.env.CI === 'true';
if (adminUrl === null && process.env.CI !== 'true') {
  process.stderr.write(
    '\n*** PostgreSQL on 127.0.0.1:5432 is unreachable: SKIPPING the PostgreSQL storage tests (CI=true makes this a failure) ***\n\n',
  );
}

/** Creates a database with a random name on the test server; drop() removes it and ends its connections. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (adminUrl === null)
    throw new Error('PostgreSQL on 127.0.0.1:5432 is unreachable (tried the postgres and root users, database test)');
  const name = `triage_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    adminUrl,
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs one statement on the admin database. */
export async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  database: TestDatabase,
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface AppRole {
  /** A non-superuser role that owns the test database, as the app's role would in production. */
  readonly name: string;
  /** The test database's connection string as that role (trust authentication: no password). */
  readonly url: string;
  /** Drops the role; call after the database is dropped. */
  drop(): Promise<void>;
}

/**
 * A login role without SUPERUSER or BYPASSRLS that owns `database` (so it creates the tables when it migrates, and
 * row-level security binds it through FORCE): superusers bypass row-level security, so tests of it connect as this.
 */
export async function createAppRole(database: TestDatabase): Promise<AppRole> {
  const name = `triage_app_${randomBytes(6).toString('hex')}`;
  await adminQuery(database, `CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS`);
  await adminQuery(database, `ALTER DATABASE ${database.name} OWNER TO ${name}`);
  const url = new URL(database.url);
  url.username = name;
  return {
    name,
    url: url.toString(),
    async drop() {
      await adminQuery(database, `DROP ROLE IF EXISTS ${name}`);
    },
  };
}
