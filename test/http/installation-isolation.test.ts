import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  ImportReport,
  InstallationCreated,
  InstallationRemoved,
  ReviewResponse,
  SimilarResponse,
  TrainResponse,
  TriageResult,
  VerdictResponse,
  type LabelledTicket,
  type TicketInput,
} from '../../src/contract/index.ts';
import { signInstallationToken } from '../../server/auth/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.ts';
import { runCliInProcess } from '../support/run-cli.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * Issue 13's "Done when": the real `triage serve` process with several installations registered over the admin API,
 * on PGlite and on PostgreSQL; over real HTTP nothing of one installation is readable, writable or countable by
 * another through any /v1 route, the admin routes with ?installation, the CLI or the retraining jobs. The steps run in
 * order on one server per engine (a scenario, not independent cases): set-up, every route, a stop for the CLI (the
 * embedded database serves one process), a restart whose first retraining check trains A only, A's removal.
 */

const SHARED_SECRET = 'isolation-default-secret-0123456789abcdef';
const ADMIN_TOKEN = 'isolation-admin-token-0123456789abcdef';
const MASTER_KEY = randomBytes(32).toString('hex');
/** Two agent labels since an installation's newest model schedule its retraining. */
const RETRAIN_AFTER = 2;

interface Engine {
  readonly name: 'pglite' | 'postgres';
  readonly skip: boolean;
  /** The server's environment and the CLI's location options for a fresh database. */
  open(): Promise<{
    env: Record<string, string>;
    cliLocation: string[];
    database: TestDatabase | null;
    remove(): void;
  }>;
}

const ENGINES: Engine[] = [
  {
    name: 'pglite',
    skip: false,
    async open() {
      const data = await freshPgliteDir();
      return {
        env: { DATA_DIR: data.dir },
        cliLocation: ['--data-dir', data.dir],
        database: null,
        remove: () => data.remove(),
      };
    },
  },
  {
    name: 'postgres',
    skip: !postgresAvailable,
    async open() {
      const database = await createTestDatabase();
      const dir = mkdtempSync(join(tmpdir(), 'isolation-pg-'));
      return {
        env: { DATA_DIR: dir, DATABASE_URL: database.url },
        cliLocation: ['--database-url', database.url],
        database,
        remove: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];

/** A's and B's histories: the demo generator's ids (demo-0001…) in both, so every id collides across them. */
const history = (seed: number): LabelledTicket[] => generateDemoTickets({ count: 60, seed });
/** One ticket per installation under the same id, each with words the other's never has. */
const marked = (id: string, word: string, label: string): LabelledTicket =>
  ({ id, subject: `${word} question`, description: `the ${word} ${word} stopped working`, label }) as LabelledTicket;
const A_ONLY = marked('a-only-1', 'zebracorn', 'billing');
const A_SHARED = marked('shared-1', 'zebracorn', 'billing');
const B_SHARED = marked('shared-1', 'quokkaplex', 'account_access');

describe.each(ENGINES)('installations kept apart over real HTTP ($name)', { timeout: 180_000 }, (engine) => {
  let server: ServerProcess;
  let env: Record<string, string>;
  let cliLocation: string[];
  let database: TestDatabase | null = null;
  let remove = () => undefined as void;
  const secrets: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const start = async () => {
    server = await startServerProcess(env, 120_000);
  };
  const stop = async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  };
  const token = (secret: string, iss: string, claims: Record<string, unknown> = {}) =>
    signInstallationToken(secret, { installation: iss, expiresInSeconds: 300, claims });
  const as = async (installation: string) => `Bearer ${await token(secrets[installation]!, installation)}`;
  const call = async (
    authorization: string,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Response> =>
    fetch(`${server.base}${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const admin = (method: string, path: string, body?: unknown, contentType?: string) =>
    call(`Bearer ${ADMIN_TOKEN}`, method, path, body, contentType);
  const importInto = async (installation: string, tickets: readonly LabelledTicket[]) => {
    const response = await admin(
      'POST',
      `/v1/admin/import?installation=${installation}`,
      tickets.map((ticket) => JSON.stringify(ticket)).join('\n'),
      'application/x-ndjson',
    );
    expect(response.status).toBe(200);
    return ImportReport.parse(await response.json());
  };
  const get = async (installation: string, path: string) => call(await as(installation), 'GET', path);
  const similarIds = async (installation: string, q: string) => {
    const response = await get(installation, `/v1/similar?q=${encodeURIComponent(q)}&limit=50`);
    expect(response.status).toBe(200);
    return SimilarResponse.parse(await response.json()).hits.map((hit) => `${hit.ticketId}:${hit.subject}`);
  };
  const review = async (installation: string) => {
    const response = await get(installation, '/v1/review?limit=200');
    expect(response.status).toBe(200);
    return ReviewResponse.parse(await response.json());
  };
  const triage = async (installation: string, ticket: TicketInput) => {
    const response = await call(await as(installation), 'POST', '/v1/triage', { ticket });
    expect(response.status).toBe(200);
    return TriageResult.parse(await response.json());
  };
  const feedback = async (installation: string, ticketId: string, kind: 'accept' | 'reject' | 'like') =>
    call(await as(installation), 'POST', '/v1/feedback', {
      idempotencyKey: `${installation}-${ticketId}-${kind}-${randomBytes(4).toString('hex')}`,
      ticketId,
      kind,
      label: 'billing',
      actor: { id: 'agent-1', role: 'agent' },
      at: new Date().toISOString(),
    });
  const errorCode = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    return ErrorBody.parse(await response.json()).error.code;
  };
  /** Rows per table of one installation, read beneath the server (PostgreSQL only: superuser, no RLS). */
  const counts = async (installation: string): Promise<Record<string, number>> => {
    const tables = ['tickets', 'triage_results', 'feedback', 'models', 'jobs', 'ticket_embeddings', 'llm_budget'];
    const result: Record<string, number> = {};
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      for (const table of tables) {
        const { rows } = await client.query<{ count: string }>(
          `SELECT count(*) FROM ${table} WHERE installation_id = $1`,
          [installation],
        );
        result[table] = Number(rows[0]!.count);
      }
    } finally {
      await client.end();
    }
    return result;
  };
  const logLines = (process: ServerProcess) =>
    process
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; installation?: string });

  beforeAll(async () => {
    if (engine.skip) return;
    const opened = await engine.open();
    ({ cliLocation, database } = opened);
    remove = () => opened.remove();
    env = {
      ...opened.env,
      TRIAGE_SHARED_SECRET: SHARED_SECRET,
      TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN,
      TRIAGE_MASTER_KEY: MASTER_KEY,
      TRIAGE_DEMO_DATA: 'off',
      TRIAGE_PREVIEW: 'off',
      TRIAGE_RETRAIN_AFTER: String(RETRAIN_AFTER),
      TRIAGE_SYNC_INTERVAL_MS: '500',
      LOG_LEVEL: 'info',
    };
    await start();
    for (const subdomain of ['a', 'b', 'c']) {
      const response = await admin('POST', '/v1/admin/installations', { subdomain });
      expect(response.status).toBe(201);
      const created = InstallationCreated.parse(await response.json());
      secrets[subdomain] = created.sharedSecret;
      ids[subdomain] = created.id;
    }
    expect((await importInto('a', [...history(1), A_ONLY, A_SHARED])).inserted).toBe(62);
    expect((await importInto('b', [...history(2), B_SHARED])).inserted).toBe(61);
    for (const installation of ['a', 'b']) {
      const trained = await admin('POST', `/v1/admin/train?installation=${installation}`);
      expect(trained.status).toBe(200);
      TrainResponse.parse(await trained.json());
    }
  }, 300_000);
  afterAll(async () => {
    if (engine.skip) return;
    if (server) await stop();
    await database?.drop();
    remove();
  });

  it.skipIf(engine.skip)('refuses a token whose secret is not its issuer’s', async () => {
    const status = async (secret: string, iss: string) =>
      (await call(`Bearer ${await token(secret, iss)}`, 'GET', '/v1/taxonomy')).status;
    expect(await status(secrets.a!, 'a')).toBe(200);
    expect(await status(secrets.a!, 'b')).toBe(401);
    expect(await status(secrets.a!, 'b.zendesk.com')).toBe(401);
    // An issuer nobody registered, signed with a registered secret; the default secret claiming A.
    expect(await status(secrets.a!, 'unregistered')).toBe(401);
    expect(await status(SHARED_SECRET, 'a')).toBe(401);
    expect(await status(secrets.b!, 'local')).toBe(401);
  });

  it.skipIf(engine.skip)('searches only its own tickets, though the ids collide', async () => {
    expect(await similarIds('a', 'zebracorn')).toEqual(
      expect.arrayContaining(['a-only-1:zebracorn question', 'shared-1:zebracorn question']),
    );
    expect(await similarIds('a', 'quokkaplex')).toEqual([]);
    expect(await similarIds('b', 'quokkaplex')).toEqual(['shared-1:quokkaplex question']);
    expect(await similarIds('b', 'zebracorn')).toEqual([]);
    // C registered nothing, the default installation neither: they find nothing of A's or B's.
    expect(await similarIds('c', 'zebracorn quokkaplex')).toEqual([]);
    const local = await call(`Bearer ${await token(SHARED_SECRET, 'local')}`, 'GET', '/v1/similar?q=zebracorn');
    expect(SimilarResponse.parse(await local.json()).hits).toEqual([]);
  });

  it.skipIf(engine.skip)('finds similar tickets of its own ticket only; another’s id is 404', async () => {
    const ofA = await get('a', '/v1/tickets/a-only-1/similar?limit=5');
    expect(ofA.status).toBe(200);
    const hits = SimilarResponse.parse(await ofA.json()).hits;
    expect(hits.map((hit) => hit.ticketId)).toContain('shared-1');
    expect(hits.every((hit) => !hit.subject.includes('quokkaplex'))).toBe(true);
    expect(await errorCode(await get('b', '/v1/tickets/a-only-1/similar'), 404)).toBe('NOT_FOUND');
    // The same id in B is B's ticket: its neighbours are B's.
    const ofB = SimilarResponse.parse(await (await get('b', '/v1/tickets/shared-1/similar?limit=50')).json()).hits;
    expect(ofB.every((hit) => !hit.subject.includes('zebracorn'))).toBe(true);
  });

  it.skipIf(engine.skip)('triages the same ticket id in A and B apart, with its own model', async () => {
    const ticket = { id: 'same-7', subject: 'refund for a double charge', description: 'charged twice, refund please' };
    const inA = await triage('a', ticket);
    const inB = await triage('b', { ...ticket, subject: 'cannot sign in', description: 'password reset loops' });
    // C has no model yet: it triages from its first request, at most review.
    const inC = await triage('c', { ...ticket, id: 'c-only-1' });
    expect(inC.decision).toBe('review');
    // Each answer stays its own installation's: asked again, A gets A's stored result, not B's later one.
    const again = await triage('a', ticket);
    expect(again.label).toEqual(inA.label);
    expect(again.versions.model).toBe(inA.versions.model);
    expect(
      (await triage('b', { ...ticket, subject: 'cannot sign in', description: 'password reset loops' })).label,
    ).toEqual(inB.label);
    expect(await similarIds('a', 'password reset loops')).not.toContain('same-7:cannot sign in');
  });

  it.skipIf(engine.skip)('keeps verdicts and feedback apart; feedback about another’s ticket is 404', async () => {
    expect((await feedback('a', 'a-only-1', 'reject')).status).toBe(201);
    const verdict = async (installation: string, id: string) =>
      VerdictResponse.parse(await (await get(installation, `/v1/tickets/${id}/verdict`)).json()).verdict;
    expect(await verdict('a', 'a-only-1')).toMatchObject({ kind: 'reject' });
    expect(await verdict('b', 'a-only-1')).toBeNull();
    expect(await errorCode(await feedback('b', 'a-only-1', 'like'), 404)).toBe('TICKET_NOT_FOUND');
    expect(await errorCode(await feedback('c', 'shared-1', 'like'), 404)).toBe('TICKET_NOT_FOUND');
    // B's answer on its own shared-1 leaves A's shared-1 without one.
    expect((await feedback('b', 'shared-1', 'like')).status).toBe(201);
    expect(await verdict('a', 'shared-1')).toBeNull();
  });

  it.skipIf(engine.skip)('counts and lists only its own review queue', async () => {
    const ofC = await review('c');
    expect(ofC.items.map((item) => item.ticketId)).toEqual(['c-only-1']);
    expect(ofC.total).toBe(1);
    for (const installation of ['a', 'b']) {
      const queue = await review(installation);
      expect(queue.items.map((item) => item.ticketId)).not.toContain('c-only-1');
      expect(queue.total).toBe(queue.items.length);
    }
    const local = await call(`Bearer ${await token(SHARED_SECRET, 'local')}`, 'GET', '/v1/review');
    expect(ReviewResponse.parse(await local.json()).total).toBe(0);
    expect((await get('c', '/v1/taxonomy')).status).toBe(200);
  });

  it.skipIf(engine.skip)(
    'admin import and train act on the ?installation named, and refuse an unknown one',
    async () => {
      expect((await importInto('b', [marked('b-admin-1', 'wombatrix', 'bug')])).inserted).toBe(1);
      expect(await similarIds('b', 'wombatrix')).toEqual(['b-admin-1:wombatrix question']);
      expect(await similarIds('a', 'wombatrix')).toEqual([]);
      // C has one unlabelled ticket: nothing to train on, and nobody else's tickets make up for it.
      expect(await errorCode(await admin('POST', '/v1/admin/train?installation=c'), 422)).toBe(
        'TRAINING_DATA_INSUFFICIENT',
      );
      const unknown = await admin('POST', '/v1/admin/train?installation=nobody');
      expect(await errorCode(unknown, 404)).toBe('INSTALLATION_NOT_FOUND');
      if (database) {
        const [a, b, c] = [await counts(ids.a!), await counts(ids.b!), await counts(ids.c!)];
        expect(a).toMatchObject({ tickets: 63, models: 1, triage_results: 1, feedback: 1 });
        expect(b).toMatchObject({ tickets: 63, models: 1, triage_results: 1, feedback: 1 });
        expect(c).toMatchObject({ tickets: 1, models: 0, triage_results: 1, feedback: 0 });
      }
    },
  );

  it.skipIf(engine.skip)('the CLI imports into A and lists B’s models only (server stopped)', async () => {
    // Two agent labels in A since its model: the next retraining check schedules A's retraining, not B's.
    for (const id of ['a-only-1', 'shared-1']) expect((await feedback('a', id, 'accept')).status).toBe(201);
    await stop();
    const file = join(mkdtempSync(join(tmpdir(), 'isolation-cli-')), 'a.jsonl');
    writeFileSync(file, JSON.stringify(marked('a-cli-1', 'narwhalic', 'bug')));
    const imported = await runCliInProcess(['import', '--data', file, ...cliLocation, '--installation', 'a']);
    expect(imported.code).toBe(0);
    const models = async (installation: string) => {
      const run = await runCliInProcess(['model', 'list', '--json', ...cliLocation, '--installation', installation]);
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as unknown[];
    };
    expect(await models('b')).toHaveLength(1);
    expect(await models('c')).toHaveLength(0);
    expect(await models('default')).toHaveLength(0);
  });

  it.skipIf(engine.skip)('a retraining job trains the installation it was enqueued for only', async () => {
    await start();
    await server.waitForOutput(/retrained on the agents/, 120_000);
    const lines = logLines(server);
    const scheduled = lines.filter((line) => line.msg === 'enough new labels: retraining scheduled');
    expect(scheduled.map((line) => line.installation)).toEqual([ids.a]);
    const retrained = lines.filter((line) => line.msg?.startsWith('retrained on the agents'));
    expect(retrained.map((line) => line.installation)).toEqual([ids.a]);
    if (database) {
      expect((await counts(ids.a!)).models).toBe(2);
      expect((await counts(ids.b!)).models).toBe(1);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ installation_id: string; status: string }>(
          'SELECT installation_id, status FROM jobs',
        );
        // Claimed across installations, finished in its own: no retry of A's job, no job of B's.
        expect(rows).toEqual([{ installation_id: ids.a, status: 'done' }]);
      } finally {
        await client.end();
      }
    }
    // The ticket the CLI imported into A while the server was stopped: A's, not B's.
    expect((await similarIds('a', 'narwhalic'))[0]).toBe('a-cli-1:narwhalic question');
    expect(await similarIds('b', 'narwhalic')).toEqual([]);
  });

  it.skipIf(engine.skip)('removing A deletes its data, refuses its tokens and leaves B whole', async () => {
    const reviewOfB = await review('b');
    const countsOfB = database ? await counts(ids.b!) : null;
    const response = await admin('DELETE', '/v1/admin/installations/a');
    expect(response.status).toBe(200);
    const removed = InstallationRemoved.parse(await response.json());
    expect(removed.deleted).toMatchObject({ tickets: 64, models: 2, results: 1, feedback: 3 });
    expect(await errorCode(await get('a', '/v1/taxonomy'), 401)).toBe('UNAUTHORIZED');
    expect(await review('b')).toEqual(reviewOfB);
    expect(await similarIds('b', 'quokkaplex')).toEqual(['shared-1:quokkaplex question']);
    if (database) {
      expect(Object.values(await counts(ids.a!)).every((count) => count === 0)).toBe(true);
      expect(await counts(ids.b!)).toEqual(countsOfB);
    }
    await stop();
    const gone = await runCliInProcess(['model', 'list', ...cliLocation, '--installation', 'a']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/no installation is registered for a/);
    const ofB = await runCliInProcess(['model', 'list', '--json', ...cliLocation, '--installation', 'b']);
    expect(JSON.parse(ofB.stdout)).toHaveLength(1);
  });
});
