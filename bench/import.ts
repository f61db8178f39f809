import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTaxonomy } from '../src/taxonomy/index.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import { importTickets, readLines, type ImportReport, type ImportStats } from '../server/import/index.ts';
import { createStore } from '../server/storage/index.ts';
import { withPostgresDatabase } from './postgres-database.ts';
import type { BenchSection } from './section.ts';

const TICKETS = Number(process.env.BENCH_IMPORT_TICKETS ?? 100_000);
/** Worker threads for the import; unset = the importer's default for this machine. */
const WORKERS = process.env.BENCH_IMPORT_WORKERS === undefined ? undefined : Number(process.env.BENCH_IMPORT_WORKERS);
const TARGET = 2_000;
const BATCH_SIZE = 500; // `triage import`'s default --batch-size
const GENERATED_PER_SEED = 5_000;

interface Run {
  readonly engine: string;
  readonly seconds: number;
  readonly report: ImportReport;
  readonly stats: ImportStats;
  readonly peakRssMb: number;
  readonly startRssMb: number;
}

/**
 * Demo tickets (with their planted fake PII: e-mails, phones, cards, IBANs, IPs, streets, names) from one
 * seed after another, re-identified so every line is a new ticket; the same file on every run.
 */
async function writeTickets(file: string, count: number): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  for (let seed = 0, written = 0; written < count; seed++) {
    const tickets = generateDemoTickets({
      seed: 20261130 + seed,
      count: Math.min(GENERATED_PER_SEED, count - written),
    });
    const text =
      tickets.map((ticket, index) => JSON.stringify({ ...ticket, id: `bench-${seed}-${index}` })).join('\n') + '\n';
    written += tickets.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

/** Imports the file exactly as `triage import` does: the taxonomy file, createStore, readLines, importTickets. */
async function importInto(
  engine: string,
  file: string,
  store: { databaseUrl?: string; dataDir: string },
): Promise<Run> {
  const taxonomyPath = new URL('../config/taxonomy.yaml', import.meta.url);
  const taxonomy = parseTaxonomy(readFileSync(taxonomyPath, 'utf8'), taxonomyPath.pathname);
  const opened = await createStore(store);
  const startRssMb = rssMb();
  let peakRssMb = startRssMb;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb())), 50);
  let stats: ImportStats | null = null;
  try {
    const started = performance.now();
    const report = await importTickets(opened, readLines(file), {
      taxonomy,
      batchSize: BATCH_SIZE,
      workers: WORKERS,
      onStats: (value) => (stats = value),
    });
    const seconds = (performance.now() - started) / 1000;
    peakRssMb = Math.max(peakRssMb, rssMb());
    if (report.rejected > 0 || report.inserted !== TICKETS)
      throw new Error(`bench import stored ${report.inserted} of ${TICKETS} tickets (${report.rejected} rejected)`);
    if ((await opened.countTickets()) !== TICKETS)
      throw new Error('bench import: ticket count in the database does not match');
    return { engine, seconds, report, stats: stats!, peakRssMb, startRssMb };
  } finally {
    clearInterval(sampler);
    await opened.close();
  }
}

const ms = (value: number) => `${(value / 1000).toFixed(1)} s`;

function row(run: Run): string {
  const { stats } = run;
  const perSecond = Math.round(TICKETS / run.seconds);
  return `| ${run.engine} | ${TICKETS.toLocaleString('en')} | ${run.seconds.toFixed(1)} s | **${perSecond.toLocaleString('en')}** | ${run.peakRssMb.toFixed(0)} MB (${run.startRssMb.toFixed(0)} at start) | ${stats.workers} (${Math.round((100 * stats.workerLines) / TICKETS)} % of lines) | ${ms(stats.parseMs)} | ${ms(stats.redactMs)} | ${ms(stats.writeMs)} | ${ms(stats.writeWaitMs)} | ${ms(stats.checkWaitMs)} |`;
}

/** Import of labelled tickets through `importTickets` into PostgreSQL and PGlite: throughput, memory, time split. */
export const importSection: BenchSection = {
  name: 'import',
  title: 'Import of labelled tickets',
  async run() {
    if (!Number.isInteger(TICKETS) || TICKETS < 1)
      throw new Error(`BENCH_IMPORT_TICKETS must be a whole number ≥ 1, got ${process.env.BENCH_IMPORT_TICKETS}`);
    const work = mkdtempSync(join(tmpdir(), 'triage-bench-import-'));
    try {
      const file = join(work, 'tickets.jsonl');
      // Other work on the machine shows in every figure here: say how busy it was.
      const [loadBefore] = loadavg();
      const generated = performance.now();
      await writeTickets(file, TICKETS);
      const generateSeconds = (performance.now() - generated) / 1000;
      const megabytes = statSync(file).size / 1e6;
      const postgres = await withPostgresDatabase('bench_import', (url) =>
        importInto('PostgreSQL', file, { databaseUrl: url, dataDir: join(work, 'unused') }),
      );
      const pglite = await importInto('PGlite', file, { dataDir: join(work, 'pglite') });
      const perSecond = TICKETS / postgres.seconds;
      const [loadAfter] = loadavg();
      return [
        `Data: ${TICKETS.toLocaleString('en')} labelled demo tickets with planted fake PII (\`server/demo\`, one seed per ${GENERATED_PER_SEED.toLocaleString('en')}, re-identified), ${megabytes.toFixed(0)} MB of JSONL, generated in ${generateSeconds.toFixed(1)} s (not counted). ` +
          `Each run calls \`importTickets\` as \`triage import\` does (\`createStore\`, \`readLines\`, batch size ${BATCH_SIZE}) into a fresh PostgreSQL database (dropped afterwards) or a fresh PGlite folder. ` +
          `Command: \`npm run bench -- --only import\`; \`BENCH_IMPORT_TICKETS\` sets the size, \`BENCH_IMPORT_WORKERS\` the worker threads (default: the importer's own).`,
        '',
        '| engine | tickets | time | tickets/s | peak RSS | workers | parse | redact | write | waited for writes | waited for workers |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        row(postgres),
        row(pglite),
        '',
        'parse = JSON, contract validation and taxonomy checks; redact = redaction and model text; both are time spent inside the stage summed over threads, so with workers they can exceed the wall time, and on a busy machine they include time the thread waited for a CPU. ' +
          'write = wall time of the upserts, which overlap the checking of the next lines; the two waits are the time the importing thread stood still. Peak RSS is the whole process, sampled every 50 ms.',
        '',
        `Load average (1 min) ${loadBefore!.toFixed(1)} before and ${loadAfter!.toFixed(1)} after, on ${availableParallelism()} CPUs: above the CPU count, other processes shared the machine and these figures are lower than on an idle one.`,
        '',
        `Target ≥ ${TARGET.toLocaleString('en')} tickets/s into PostgreSQL: ${perSecond >= TARGET ? 'met' : '**not met**'} (${Math.round(perSecond).toLocaleString('en')}/s).`,
      ].join('\n');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
