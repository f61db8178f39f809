import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, ReadyResponse, SimilarResponse, TriageResult } from '../../src/contract/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';
import {
  serverSecret,
  serverToken,
  startServerProcess,
  triageInFlight,
  type ServerProcess,
} from '../support/server-process.ts';

let database: TestDatabase;
let dataDir: string;
let server: ServerProcess;
const METRICS_TOKEN = 'cluster-metrics-token-0123456789';

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'triage-cluster-'));
  server = await startServerProcess({
    DATABASE_URL: database.url,
    TRIAGE_WORKERS: '2',
    TRIAGE_DEMO_DATA: 'on',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    TRIAGE_SHARED_SECRET: '',
    TRIAGE_ADMIN_TOKEN: '',
    TRIAGE_SYNC_INTERVAL_MS: '200',
    // As deployed: the preview is off by default, and /metrics wants its token on every worker.
    NODE_ENV: 'production',
    TRIAGE_METRICS_TOKEN: METRICS_TOKEN,
  });
}, 120_000);

afterAll(async () => {
  // Workers exit when their primary's IPC channel closes.
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One request on a connection of its own: node:cluster hands each new connection to the next worker. */
function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The pid that logged each request to the route `pattern`, oldest first (the workers log to the primary's stdout). */
function pidsServing(pattern: string): number[] {
  return server
    .stdout()
    .split('\n')
    .flatMap((line) => {
      if (!line.includes('"msg":"incoming request"')) return [];
      const entry = JSON.parse(line) as { pid: number; req: { route: string | null } };
      return entry.req.route === pattern ? [entry.pid] : [];
    });
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

const token = (): string => serverToken(server);

const triage = (ticket: { id: string; subject: string; description: string }) =>
  call(`${server.base}/v1/triage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
    body: JSON.stringify({ ticket }),
  });

describe('triage serve with TRIAGE_WORKERS=2 on PostgreSQL', () => {
  it('imports the demo data and trains once, in the primary, and prints the banner, and where the generated secret is, once', () => {
    const logs = server.stdout();
    expect(count(logs, /"msg":"imported demo tickets"/)).toBe(1);
    expect(count(logs, /"msg":"trained the first model"/)).toBe(1);
    expect(count(logs, /"msg":"worker listening"/)).toBe(2);
    const banner = server.stderr();
    expect(count(banner, /is listening on http/)).toBe(1);
    expect(count(banner, /Shared secret: kept in .*secrets\.json/)).toBe(1);
    expect(banner).not.toContain(serverSecret(server));
    expect(banner).toMatch(/Workers: +2 processes/);
    expect(banner).toMatch(/Preview: +off/);
  });

  it('serves neither the preview nor its signing proxy with NODE_ENV=production; the root points to the API', async () => {
    const root = await call(`${server.base}/`);
    expect(root.status).toBe(404);
    const { error } = ErrorBody.parse(JSON.parse(root.text));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('/healthz');
    expect((await call(`${server.base}/preview`)).status).toBe(404);
    const proxy = await call(`${server.base}/preview/proxy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${server.base}/v1/taxonomy`, secure: true }),
    });
    expect(proxy.status).toBe(404);
  });

  it('answers /metrics only with TRIAGE_METRICS_TOKEN, on every worker', async () => {
    // Four connections: both workers answer some.
    for (const authorization of [
      undefined,
      'Bearer wrong-token-0123456789abcdef',
      undefined,
      'Bearer wrong-token-0123456789abcdef',
    ]) {
      const refused = await call(`${server.base}/metrics`, authorization ? { headers: { authorization } } : {});
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect(new Set(pidsServing('/metrics')).size).toBe(2);
  });

  it('answers from two worker processes on the one port', async () => {
    for (let i = 0; i < 8; i++) expect((await call(`${server.base}/healthz`)).status).toBe(200);
    const pids = new Set(pidsServing('/healthz'));
    expect(pids.size).toBe(2);
    expect(pids.has(server.child.pid!)).toBe(false);
  });

  it('finds a ticket triaged through one worker in similar search through the other (the generated secret works on both)', async () => {
    const ticket = {
      id: 'cluster-1',
      subject: 'Kestrel gateway rejects webhook',
      description: 'Our kestrel gateway webhook returns 410 after the migration.',
    };
    const triaged = await triage(ticket);
    expect(triaged.status).toBe(200);
    TriageResult.parse(JSON.parse(triaged.text));
    const [triagedBy] = pidsServing('/v1/triage').slice(-1);

    const search = `/v1/similar?q=${encodeURIComponent('kestrel gateway webhook')}&limit=3`;
    const found = async () => {
      const response = await call(`${server.base}${search}`, { headers: { authorization: `Bearer ${token()}` } });
      expect(response.status).toBe(200);
      return SimilarResponse.parse(JSON.parse(response.text)).hits[0]?.ticketId === 'cluster-1';
    };
    // Four searches in a row, on four connections, that all find it: both workers answered some.
    const deadline = Date.now() + 15_000;
    let streak = 0;
    while (streak < 4) {
      if (Date.now() > deadline) throw new Error("the ticket never showed up in both workers' similar search");
      streak = (await found()) ? streak + 1 : 0;
      if (streak === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const searchedBy = pidsServing('/v1/similar').slice(-4);
    expect(searchedBy.some((pid) => pid !== triagedBy)).toBe(true);
  });

  it('answers /metrics for the whole server, every series labelled with its worker', async () => {
    const healthz = pidsServing('/healthz').length;
    const scrape = await call(`${server.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    // The /healthz requests went to both workers; one scrape shows each worker's share, and the shares add up.
    const shares = [
      ...scrape.text.matchAll(
        /^triage_http_requests_total\{method="GET",route="\/healthz",status="200",worker="([01])"\} (\d+)$/gm,
      ),
    ];
    expect(shares.map((match) => match[1]).sort()).toEqual(['0', '1']);
    expect(shares.reduce((sum, match) => sum + Number(match[2]), 0)).toBe(healthz);
    expect(scrape.text.match(/^triage_model_version_info\{version="[^"]+",worker="[01]"\} 1$/gm)).toHaveLength(2);
    const ready = ReadyResponse.parse(JSON.parse((await call(`${server.base}/readyz`)).text));
    expect(scrape.text).toMatch(
      new RegExp(`^triage_similar_index_tickets\\{worker="[01]"\\} ${ready.similar.tickets}$`, 'm'),
    );
  });

  it('drains and exits 0 when stopped while its workers are still starting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'serve'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        TRIAGE_WORKERS: '2',
        TRIAGE_DEMO_DATA: 'off',
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let output = '';
    // SIGTERM as soon as the workers are forked: before they listen for the primary's stop message.
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (count(output, /"msg":"worker forked"/) === 2) resolve();
      });
    });
    child.kill('SIGTERM');
    // A lost stop would leave the workers serving until the primary kills them (exit 1 after the drain timeout).
    expect(await exited).toBe(0);
  }, 60_000);

  it('runs retraining jobs in one worker only', async () => {
    const JOBS = 15;
    expect(count(server.stdout(), /"msg":"retraining scheduler started"/)).toBe(1);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // Jobs falling due one after another over more than a poll interval: with a job worker in each process both
      // would claim some. No labels since the model, so each ends at once.
      for (let i = 0; i < JOBS; i++) {
        await client.query(
          `INSERT INTO jobs (id, installation_id, kind, payload, run_at)
           VALUES ($1, 'default', 'retrain', '{}'::jsonb, now() + $2 * interval '1 millisecond')`,
          [`cluster-retrain-${i}`, i * 100],
        );
      }
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await client.query<{ done: string }>(
          `SELECT count(*) AS done FROM jobs WHERE id LIKE 'cluster-retrain-%' AND status = 'done'`,
        );
        if (Number(rows[0]!.done) === JOBS) break;
        if (Date.now() > deadline) throw new Error('the retraining jobs did not run');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await client.end();
    }
    // A job is marked done before its worker's log line reaches the primary's stdout: wait for the lines too.
    const ranByLines = () =>
      server
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"msg":"retraining no longer needed: a newer model exists"'))
        .map((line) => JSON.parse(line) as { pid: number; worker: number });
    const logDeadline = Date.now() + 10_000;
    while (ranByLines().length < JOBS && Date.now() < logDeadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const ranBy = ranByLines();
    expect(ranBy).toHaveLength(JOBS);
    expect(new Set(ranBy.map((entry) => entry.worker))).toEqual(new Set([0]));
  });

  it('restarts a worker that dies', async () => {
    const [victim] = pidsServing('/healthz');
    process.kill(victim!, 'SIGKILL');
    await server.waitForOutput(/"msg":"worker died unexpectedly: restarting it"/, 15_000);
    const deadline = Date.now() + 30_000;
    while (count(server.stdout(), /"msg":"worker listening"/) < 3) {
      if (Date.now() > deadline) throw new Error('the worker was not restarted');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const before = pidsServing('/healthz').length;
    for (let i = 0; i < 4; i++) expect((await call(`${server.base}/healthz`)).status).toBe(200);
    // The workers' log lines reach the primary's stdout a little after the answers: wait for all four, so an older
    // line (the killed worker's) is never read as one of them.
    const logged = Date.now() + 10_000;
    while (pidsServing('/healthz').length < before + 4 && Date.now() < logged)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const served = pidsServing('/healthz').slice(before);
    expect(served).toHaveLength(4);
    expect(new Set(served).size).toBe(2);
    expect(served).not.toContain(victim);
  });

  it('drains every worker on SIGTERM, finishing an in-flight request, and exits 0', async () => {
    const body = JSON.stringify({
      ticket: {
        id: 'cluster-inflight',
        subject: 'Refund for a duplicate payment',
        description: 'Please refund the duplicate invoice payment.',
      },
    });
    const answer = triageInFlight(server, body, /"signal":"primary","msg":"shutting down/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(TriageResult.parse(JSON.parse(text)).ticketId).toBe('cluster-inflight');
    expect(await server.exited).toBe(0);
    // Two workers and the primary.
    expect(count(server.stdout(), /"msg":"stopped"/)).toBe(3);
  });
});

describe('TRIAGE_WORKERS refusals', () => {
  it('refuses several workers on the embedded database, saying how to fix it', async () => {
    // Refused while reading the configuration: the same `main` in this process.
    const run = await runCliInProcess(['serve'], {
      env: { TRIAGE_WORKERS: '2', DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0' },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/TRIAGE_WORKERS=2 needs PostgreSQL/);
    expect(run.stderr).toMatch(/set DATABASE_URL=postgres:\/\//);
  });

  it('stops at once with the PORT fix when the port is taken before it starts', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runCli(['serve'], {
        env: {
          DATABASE_URL: database.url,
          TRIAGE_WORKERS: '2',
          TRIAGE_DEMO_DATA: 'off',
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${port}: another process is using port ${port}`);
      expect(run.stdout).not.toContain('"msg":"worker forked"');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);

  it('gives up with a non-zero exit when the workers keep dying before they listen', async () => {
    // The port is free when the primary checks it and taken once it forks the workers: every worker's listen fails.
    const free: Server = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise((resolve) => free.close(resolve));
    const blocker: Server = createServer();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'serve'], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          TRIAGE_WORKERS: '2',
          TRIAGE_DEMO_DATA: 'off',
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        const before = stdout;
        stdout += chunk;
        // A worker takes seconds to load before it listens: the port is taken long before then.
        if (!before.includes('"msg":"worker forked"') && stdout.includes('"msg":"worker forked"'))
          blocker.listen(port, '127.0.0.1');
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
      expect(code).toBe(1);
      expect(stdout).toContain('"msg":"worker died unexpectedly: restarting it"');
      expect(stdout).toContain('"msg":"workers keep dying before they listen: giving up"');
      expect(stderr).toMatch(/failed to start: cannot listen on 127\.0\.0\.1:\d+: another process is using port/);
    } finally {
      if (blocker.listening) await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);
});
