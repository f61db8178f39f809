/**
 * The server under load for bench/server.ts, run in its own process so autocannon does not share its event loop.
 * `tsx bench/server-target.ts bare` — Fastify that parses and returns JSON;
 * `tsx bench/server-target.ts triage --tickets N [--database-url URL | --data-dir DIR]` — the real app over N stored tickets.
 * `--workers N` (either kind; PostgreSQL only for triage): N processes share the port through node:cluster, as
 * `TRIAGE_WORKERS` does for `triage serve`; the tickets are stored once, before the workers start.
 * Prints `READY <port>` on stdout when listening (every worker, with --workers).
 */
import cluster from 'node:cluster';
import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { redactTicket } from '../src/redact/index.ts';
import { modelText } from '../src/triage/index.ts';
import { trainModel } from '../src/model/index.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import { buildApp } from '../server/http/index.ts';
import { loadConfig } from '../server/config/index.ts';
import { createRuntime } from '../server/runtime/create-runtime.ts';
import { createStore } from '../server/storage/index.ts';
import type { TicketWrite } from '../server/storage/store.ts';

export const BENCH_SECRET = 'bench-shared-secret-0123456789abcdef';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    tickets: { type: 'string', default: '1000' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
});
const workers = Number(values.workers);

async function bare(): Promise<number> {
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.post('/bare', async (request) => request.body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

type Demo = { ticket: ReturnType<typeof generateDemoTickets>[number]; subject: string; text: string }[];

/** Demo tickets, redacted as the server would store them. */
function demoTickets(count: number): Demo {
  return generateDemoTickets({ count: Math.min(count, 5_000), seed: 11 }).map((ticket) => {
    const redacted = redactTicket(ticket).ticket;
    return { ticket, subject: redacted.subject, text: modelText(redacted) };
  });
}

/** Stores `count` tickets: copies of the demo tickets, ids made unique per copy. */
async function seed(store: Awaited<ReturnType<typeof createStore>>, count: number, demo: Demo): Promise<void> {
  for (let start = 0; start < count; start += 1_000) {
    const batch: TicketWrite[] = [];
    for (let index = start; index < Math.min(count, start + 1_000); index++) {
      const { ticket, subject, text } = demo[index % demo.length]!;
      batch.push({
        id: `stored-${index}`,
        subject,
        text,
        label: ticket.label,
        urgency: ticket.urgency ?? null,
        status: ticket.status ?? null,
        createdAt: ticket.createdAt ?? null,
        source: 'import',
      });
    }
    await store.upsertTickets(batch);
  }
}

async function triage(seeded: boolean): Promise<number> {
  const count = Number(values.tickets);
  const dataDir = values['data-dir'] ?? '';
  const store = await createStore({ databaseUrl: values['database-url'] ?? null, dataDir });
  const demo = demoTickets(count);
  if (!seeded) await seed(store, count, demo);
  const config = loadConfig({
    env: {
      TRIAGE_SHARED_SECRET: BENCH_SECRET,
      TRIAGE_ADMIN_TOKEN: BENCH_SECRET,
      DATA_DIR: dataDir || '/tmp',
      LOG_LEVEL: 'silent',
    },
    envFile: null,
  });
  const logger = pino({ level: 'silent' });
  const handle = await createRuntime(config, logger, { store, live: false });
  handle.model.use(
    trainModel(
      demo.slice(0, 2_000).map(({ ticket, text }) => ({ text, label: ticket.label, urgency: ticket.urgency ?? null })),
      { version: 'bench' },
    ),
  );
  const app = buildApp(handle.runtime, {
    sharedSecret: BENCH_SECRET,
    adminToken: BENCH_SECRET,
    rateLimit: { perSecond: 1e9, burst: 1e9 },
    logger,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

if (workers > 1 && cluster.isPrimary) {
  if (positionals[0] !== 'bare') {
    const store = await createStore({ databaseUrl: values['database-url'] ?? null, dataDir: values['data-dir'] ?? '' });
    await seed(store, Number(values.tickets), demoTickets(Number(values.tickets)));
    await store.close();
  }
  // Listening on port 0 in every worker shares one port the primary picks; READY once all of them listen.
  const ports: number[] = [];
  for (let i = 0; i < workers; i++) {
    cluster.fork({ BENCH_SEEDED: '1' }).on('message', (message: { ready?: number }) => {
      if (typeof message.ready !== 'number') return;
      ports.push(message.ready);
      if (ports.length === workers) process.stdout.write(`READY ${ports[0]}\n`);
    });
  }
  cluster.on('exit', (worker, code) => {
    if (code !== 0 && !stopping)
      process.stderr.write(`bench target worker ${worker.process.pid} exited with ${code}\n`);
  });
  let stopping = false;
  process.once('SIGTERM', () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
} else {
  const port = positionals[0] === 'bare' ? await bare() : await triage(process.env.BENCH_SEEDED === '1');
  if (cluster.isWorker) process.send!({ ready: port });
  else process.stdout.write(`READY ${port}\n`);
}
