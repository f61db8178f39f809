import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInstallationToken } from '../server/auth/index.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import { ANALYSED_CHARS } from '../src/triage/index.ts';
import type { BenchSection } from './section.ts';
import { startTarget, stopTarget } from './server.ts';

/** bench/server-target.ts's secret (importing it would start a target here). */
const BENCH_SECRET = 'bench-shared-secret-0123456789abcdef';
const PARALLEL = 8;
const ROUNDS = Number(process.env.BENCH_LONG_ROUNDS ?? 5);
const STORED = 5_000;

/** A ticket of about `bytes` of demo text (six languages, planted PII), split as the contract allows: ≤ 500k + 200k-char comments. */
function longTicket(id: string, seed: number, bytes: number) {
  const demo = generateDemoTickets({ count: 2_000, seed });
  const lines: string[] = [];
  for (let index = 0, size = 0; size < bytes; index++) {
    const ticket = demo[index % demo.length]!;
    const line = `${ticket.description} ${ticket.comments.map((comment) => comment.body).join(' ')}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  const text = lines.join('');
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += 150_000) chunks.push(text.slice(start, start + 150_000));
  const [description = '', ...rest] = chunks;
  return {
    id,
    subject: 'Invoice export fails after the update',
    description,
    comments: rest.map((body) => ({ authorRole: 'requester', body })),
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const ms = (value: number) => value.toFixed(0);

/** GET /healthz back to back until `until` settles; the latencies, sorted. */
async function pollHealth(base: string, until: Promise<unknown> | null, count = 200): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void until?.then(() => (done = true));
  while (until ? !done : latencies.length < count) {
    const started = performance.now();
    await (await fetch(`${base}/healthz`)).text();
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

/** /healthz latency while eight ~0.9 MB tickets are triaged at once (issue 14, item 8), beside an idle server's. */
export const longTicketsSection: BenchSection = {
  name: 'long-tickets',
  title: 'Health checks while huge tickets are triaged',
  async run() {
    const loadBefore = loadavg()[0]!;
    const dataDir = mkdtempSync(join(tmpdir(), 'triage-bench-long-'));
    const { child, port } = await startTarget(['triage', '--tickets', String(STORED), '--data-dir', dataDir]);
    try {
      const base = `http://127.0.0.1:${port}`;
      const token = await signInstallationToken(BENCH_SECRET, { expiresInSeconds: 3600, installation: 'bench' });
      await pollHealth(base, null, 50);
      const idle = await pollHealth(base, null);
      const busy: number[] = [];
      const triages: number[] = [];
      let sizes: number[] = [];
      let failed = 0;
      for (let round = 0; round < ROUNDS + 1; round++) {
        const bodies = Array.from({ length: PARALLEL }, (_, index) =>
          JSON.stringify({
            ticket: longTicket(`long-${round}-${index}`, 1 + round * PARALLEL + index, 850_000 + index * 12_000),
          }),
        );
        sizes = bodies.map((body) => Buffer.byteLength(body));
        const all = Promise.all(
          bodies.map(async (body) => {
            const started = performance.now();
            try {
              const response = await fetch(`${base}/v1/triage`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
                body,
              });
              await response.text();
              if (response.status !== 200) failed++;
            } catch {
              failed++;
            }
            return performance.now() - started;
          }),
        );
        const health = await pollHealth(base, all);
        // The first round warms the JIT up and is not counted.
        if (round === 0) continue;
        busy.push(...health);
        triages.push(...(await all));
      }
      busy.sort((a, b) => a - b);
      triages.sort((a, b) => a - b);
      return [
        `The PGlite bench target (\`bench/server-target.ts\`, ${STORED.toLocaleString('en')} stored tickets, a local model) in its own process; this process sends ${PARALLEL} \`POST /v1/triage\` at once, each ${(Math.min(...sizes) / 1e6).toFixed(2)}–${(Math.max(...sizes) / 1e6).toFixed(2)} MB of demo text in six languages with planted PII, ${ROUNDS} rounds after one warm-up round, and meanwhile \`GET /healthz\` back to back on another connection. The pipeline reads the first ${ANALYSED_CHARS.toLocaleString('en')} characters of each ticket (the text hash covers all of it), and such long tickets run one at a time with a yield between stages (\`docs/decisions/2026-12-07-bounded-work-per-request.md\`). Rounds: \`BENCH_LONG_ROUNDS\`.`,
        '',
        '| measured | requests | p50 ms | p99 ms | max ms |',
        '|---|---|---|---|---|',
        `| GET /healthz, idle server | ${idle.length} | ${ms(percentile(idle, 0.5))} | ${ms(percentile(idle, 0.99))} | ${ms(idle.at(-1)!)} |`,
        `| GET /healthz, while ${PARALLEL} huge triages run | ${busy.length} | ${ms(percentile(busy, 0.5))} | ${ms(percentile(busy, 0.99))} | ${ms(busy.at(-1)!)} |`,
        `| POST /v1/triage, ${PARALLEL} huge at once (each, send to answer) | ${triages.length} | ${ms(percentile(triages, 0.5))} | ${ms(percentile(triages, 0.99))} | ${ms(triages.at(-1)!)} |`,
        '',
        `Non-200 answers and failed requests: ${failed}. Load average (1 min) ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after, on ${cpus().length} CPUs: on a busy machine the idle row shows how much of a latency is the machine's.`,
      ].join('\n');
    } finally {
      await stopTarget(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
