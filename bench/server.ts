import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { signInstallationToken } from '../server/auth/index.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import type { BenchSection } from './section.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-shared-secret-0123456789abcdef';
const TICKETS = Number(process.env.BENCH_SERVER_TICKETS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
const CONNECTIONS = 50;
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export function startTarget(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server-target.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /READY (\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`bench target exited with ${code} before listening`)));
  });
}

export async function stopTarget(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Bodies of fresh tickets: every request a new id and text, so each one runs the whole pipeline. */
function ticketBodies(count: number, prefix: string): string[] {
  return generateDemoTickets({ count, seed: 99 }).map((ticket, index) =>
    JSON.stringify({
      ticket: {
        id: `${prefix}-${index}`,
        subject: ticket.subject,
        description: ticket.description,
        comments: ticket.comments,
        requester: ticket.requester,
      },
    }),
  );
}

async function load(
  url: string,
  bodies: readonly string[],
  token: string | null,
  connections = CONNECTIONS,
  seconds = SECONDS,
): Promise<Measured> {
  let next = 0;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const result = await autocannon({
    url,
    duration: seconds,
    connections,
    requests: [
      { method: 'POST', headers, setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }) },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function measureTriage(
  engine: 'pglite' | 'postgres',
  workers = 1,
): Promise<{ fresh: Measured; stored: Measured; single: Measured | null }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'triage-bench-'));
  let database: string | null = null;
  const admin = new pg.Client({ connectionString: POSTGRES });
  const args = ['triage', '--tickets', String(TICKETS), '--workers', String(workers)];
  if (engine === 'postgres') {
    await admin.connect();
    database = `bench_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${database}`;
    args.push('--database-url', url.toString());
  } else args.push('--data-dir', dataDir);
  const { child, port } = await startTarget(args);
  try {
    const token = await signInstallationToken(SECRET, { expiresInSeconds: 3600, installation: 'bench' });
    const url = `http://127.0.0.1:${port}/v1/triage`;
    // Enough fresh tickets that none repeats within the run (so none is a stored-result hit).
    const fresh = await load(url, ticketBodies(Math.max(2_000, SECONDS * 1_000), `fresh-${engine}`), token);
    // A small set triaged once by the fresh run's warm-up below, then asked again and again: stored-result hits.
    const repeated = ticketBodies(200, `repeat-${engine}`);
    await load(url, repeated, token);
    const stored = await load(url, repeated, token);
    // One agent at a time: the latency a sidebar sees when the server is not queueing.
    const single =
      workers === 1
        ? await load(url, ticketBodies(Math.max(2_000, SECONDS * 300), `single-${engine}`), token, 1)
        : null;
    return { fresh, stored, single };
  } finally {
    await stopTarget(child);
    rmSync(dataDir, { recursive: true, force: true });
    if (database) {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  }
}

async function measureBare(workers = 1): Promise<Measured> {
  const { child, port } = await startTarget(['bare', '--workers', String(workers)]);
  try {
    const url = `http://127.0.0.1:${port}/bare`;
    const bodies = ticketBodies(2_000, 'bare');
    // Warmed up first, as the stored runs are: the figure every share is taken against must not be a cold start.
    await load(url, bodies, null, CONNECTIONS, 2);
    return await load(url, bodies, null);
  } finally {
    await stopTarget(child);
  }
}

const row = (name: string, measured: Measured, bare: Measured) =>
  `| ${name} | ${measured.requestsPerSecond.toFixed(0)} | ${measured.p50} | ${measured.p99} | ${((100 * measured.requestsPerSecond) / bare.requestsPerSecond).toFixed(1)} % | ${measured.non2xx + measured.errors} |`;

const TARGET_SHARE = 0.25;
const TARGET_P99_MS = 50;

/** Whether a row meets issue 3's two targets, said plainly. */
function verdict(name: string, measured: Measured, bare: Measured): string {
  const share = measured.requestsPerSecond / bare.requestsPerSecond;
  const parts = [
    `${(100 * share).toFixed(1)} % of bare (${share >= TARGET_SHARE ? 'met' : '**not met**'})`,
    `p99 ${measured.p99} ms (${measured.p99 <= TARGET_P99_MS ? 'met' : '**not met**'})`,
  ];
  return `${name}: ${parts.join(', ')}`;
}

/** POST /v1/triage under autocannon (50 connections, loopback) over N stored tickets, beside a bare Fastify endpoint. */
export const serverSection: BenchSection = {
  name: 'server',
  title: 'HTTP API throughput',
  async run() {
    // The VM's speed drifts over minutes (bare runs of the same build have measured 11k and 21k req/s): bare is
    // measured before and after the one-process triage runs, and every share is taken against the faster of the two.
    const bareBefore = await measureBare();
    const pglite = await measureTriage('pglite');
    const postgres = await measureTriage('postgres');
    const bareAfter = await measureBare();
    const bare = bareAfter.requestsPerSecond > bareBefore.requestsPerSecond ? bareAfter : bareBefore;
    // Both cores: two processes share the port (as TRIAGE_WORKERS=2 does); autocannon runs on the same two cores.
    const bareTwo = await measureBare(2);
    const postgresTwo = await measureTriage('postgres', 2);
    return [
      `autocannon, ${CONNECTIONS} connections (1 where the row says so), ${SECONDS} s per run, loopback, on the same machine as the server; the server runs in its own process (two sharing the port through node:cluster where the row says so, as \`TRIAGE_WORKERS=2\` runs it; share of bare is always against the faster of the two one-process bare runs) with ${TICKETS.toLocaleString('en')} stored tickets (similar index over all of them) and a local model; JWT verified on every request. "fresh" = every request a new ticket (the whole pipeline: stored-result lookup, redaction, rules, model, decide, similar search, one write of ticket and result); "stored" = the same 200 tickets again (stored-result hits). Sizes: \`BENCH_SERVER_TICKETS\`, \`BENCH_SERVER_SECONDS\`.`,
      '',
      '| endpoint | req/s | p50 ms | p99 ms | share of bare | non-2xx + errors |',
      '|---|---|---|---|---|---|',
      row('bare Fastify (parse + return JSON), before the triage runs', bareBefore, bare),
      row('bare Fastify, again after the one-process triage runs', bareAfter, bare),
      row('POST /v1/triage, PGlite, fresh', pglite.fresh, bare),
      row('POST /v1/triage, PGlite, stored', pglite.stored, bare),
      row('POST /v1/triage, PostgreSQL, fresh', postgres.fresh, bare),
      row('POST /v1/triage, PostgreSQL, stored', postgres.stored, bare),
      row('POST /v1/triage, PGlite, fresh, 1 connection', pglite.single!, bare),
      row('POST /v1/triage, PostgreSQL, fresh, 1 connection', postgres.single!, bare),
      row('bare Fastify, 2 processes', bareTwo, bare),
      row('POST /v1/triage, PostgreSQL, fresh, 2 processes', postgresTwo.fresh, bare),
      row('POST /v1/triage, PostgreSQL, stored, 2 processes', postgresTwo.stored, bare),
      '',
      "Where a fresh triage spends its CPU under this load (`node --cpu-prof` of the one-process PostgreSQL target, samples of a 10 s fresh run only; ~3.8–4.3 ms of process CPU per request): ~38 % similar-ticket search (two-stage BM25, `docs/decisions/2026-11-30-two-stage-similar-search.md`; the stored tickets are 20 copies of 5,000 demo tickets, so the rarest query terms already reach thousands of tickets, and an escalation searches twice), ~10 % the local model, ~9 % redaction, ~10 % socket writes (PostgreSQL and HTTP), ~2 % GC; the rest HTTP, JWT (fast-jwt), validation and the decision. In process, without the load, search is ~0.5 ms and the rest of a fresh triage ~1 ms. So one core does at most ~250–300 fresh triages a second, and 25 % of a bare endpoint that answers in ~45 µs of CPU would need a whole triage in ~0.2 ms: not reachable with this pipeline on this machine. Nor is a p99 of 50 ms at 50 connections: with 50 requests always in flight, even perfectly fair queueing needs ≥ 1,000 fresh triages a second for that (Little's law), i.e. ≤ 1 ms of CPU each on one core; one connection at a time, a fresh triage takes 4–5 ms at p50 and 12–15 ms at p99.",
      '',
      'A stored-result hit costs ~130–150 µs of process CPU (bare: ~45 µs): concurrent lookups share one statement (`docs/decisions/2026-11-30-stored-result-hits.md`; ~19 keys a statement under this load) and the stored JSON is sent as stored; what is left is the HTTP response write (~27 %), body parsing, JWT, the text hash and validation of the request.',
      '',
      `Targets (issue 3): ≥ 25 % of the bare endpoint and p99 ≤ 50 ms on PostgreSQL. ${verdict('fresh, one process', postgres.fresh, bare)}; ${verdict('stored, one process', postgres.stored, bare)}; ${verdict('fresh, two processes', postgresTwo.fresh, bare)}; ${verdict('stored, two processes', postgresTwo.stored, bare)}.`,
    ].join('\n');
  },
};
