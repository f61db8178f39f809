import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { Ticket } from '../src/contract/index.ts';
import { parseModel } from '../src/model/index.ts';
import { compileRules } from '../src/rules/index.ts';
import { seededRandom } from '../src/sampling/index.ts';
import { SimilarIndex } from '../src/similar/index.ts';
import { parseTaxonomy } from '../src/taxonomy/index.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import { importWrite } from '../server/import/index.ts';
import type { Runtime, TaxonomySource } from '../server/runtime/runtime.ts';
import { triageAndStore } from '../server/runtime/triage-service.ts';
import {
  createStore,
  type InstallationStore,
  type Store,
  type StoredTicket,
  type TicketWrite,
} from '../server/storage/index.ts';
import { TenantDirectory, tenantFactory, type Tenant } from '../server/tenants/index.ts';
import { ModelHolder, ModelTrainer } from '../server/training/index.ts';
import { withPostgresDatabase } from './postgres-database.ts';
import type { BenchSection } from './section.ts';

function sizeFromEnv(name: string, fallback: number, minimum = 1): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`${name} must be a whole number ≥ ${minimum}, got ${process.env[name]}`);
  return value;
}

const INSTALLATIONS = sizeFromEnv('BENCH_TENANTS_INSTALLATIONS', 1_000, 2);
const TICKETS = sizeFromEnv('BENCH_TENANTS_TICKETS', 1_000, 10);
const BUDGET_MB = sizeFromEnv('BENCH_TENANTS_BUDGET_MB', 64);
const COLD_SAMPLES = sizeFromEnv('BENCH_TENANTS_COLD', 200);
const WARM_SAMPLES = sizeFromEnv('BENCH_TENANTS_WARM', 2_000);
/** Distinct redacted tickets the installations' histories are drawn from (each redacted once, not per installation). */
const POOL = 20_000;
/** Rows per upsertTickets call (`triage import`'s batch is 500); installations seeded at once. */
const SEED_BATCH = 1_000;
const SEED_CONCURRENCY = 4;
const MODEL_SOURCE = 0;
/** Loads timed step by step after the runs. */
const LOAD_PART_SAMPLES = 20;
/** SimilarSync's catch-up page. */
const SIMILAR_PAGE = 5_000;

/**
 * Memory as held: a forced collection, a pause, and another, before the reading. Array buffers of dropped contexts are
 * freed by V8's sweeper after the collection that found them, so one collection alone can still count them.
 */
function settledMemory(): () => Promise<NodeJS.MemoryUsage> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return async () => {
    gc();
    await sleep(200);
    gc();
    return process.memoryUsage();
  };
}

const heldBytes = (usage: NodeJS.MemoryUsage) => usage.heapUsed + usage.external;

const installationId = (index: number) => `bench-${String(index).padStart(4, '0')}`;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface Latencies {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly count: number;
}

function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    count: sorted.length,
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const msText = (value: number) => value.toFixed(value < 10 ? 2 : 1);

/** Labelled demo tickets (planted fake PII) redacted once, as an import stores them: the histories are drawn from these. */
function redactedPool(count: number): TicketWrite[] {
  return generateDemoTickets({ count, seed: 20261207 }).map((ticket) => importWrite(ticket));
}

/**
 * Installation `index`'s history: `TICKETS` tickets numbered from 1, as every Zendesk account numbers them (ids
 * collide across installations on purpose), texts drawn from the pool at an offset of its own.
 */
function history(pool: readonly TicketWrite[], index: number): TicketWrite[] {
  const offset = (index * 7_919) % pool.length;
  return Array.from({ length: TICKETS }, (_, number) => ({
    ...pool[(offset + number) % pool.length]!,
    id: String(number + 1),
  }));
}

interface Seeded {
  readonly seedSeconds: number;
  readonly trainSeconds: number;
  readonly modelSeconds: number;
  readonly artifactBytes: number;
  readonly modelVersion: string;
}

async function seed(store: Store, pool: readonly TicketWrite[], taxonomy: TaxonomySource): Promise<Seeded> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < INSTALLATIONS; index = next++) {
      const scoped = store.forInstallation(installationId(index));
      const tickets = history(pool, index);
      for (let start = 0; start < tickets.length; start += SEED_BATCH)
        await scoped.upsertTickets(tickets.slice(start, start + SEED_BATCH));
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  const seedSeconds = (performance.now() - started) / 1000;

  // One model, trained as `triage train` trains it, on one installation's tickets.
  const trained = performance.now();
  const source = store.forInstallation(installationId(MODEL_SOURCE));
  const holder = new ModelHolder(source, pino({ level: 'silent' }));
  const report = await new ModelTrainer(source, holder, {
    now: () => new Date(),
    labels: () => taxonomy.current().labelIds,
  }).train();
  const record = await source.modelByVersion(report.version);
  if (!record?.promoted) throw new Error('bench tenants: the trained model was not promoted');
  const trainSeconds = (performance.now() - trained) / 1000;

  // The same artifact saved as every other installation's model: what a cold load reads and parses is a real one.
  const saved = performance.now();
  next = 1;
  const modelWorker = async () => {
    for (let index = next++; index < INSTALLATIONS; index = next++)
      await store.forInstallation(installationId(index)).saveModel(record);
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, modelWorker));
  return {
    seedSeconds,
    trainSeconds,
    modelSeconds: (performance.now() - saved) / 1000,
    artifactBytes: Buffer.byteLength(record.artifact),
    modelVersion: record.version,
  };
}

function taxonomySource(): TaxonomySource {
  const path = new URL('../config/taxonomy.yaml', import.meta.url);
  const taxonomy = parseTaxonomy(readFileSync(path, 'utf8'), path.pathname);
  const rules = compileRules(taxonomy);
  return { current: () => taxonomy, rules: () => rules };
}

/** Texts of fresh tickets to triage (each sample gets a new id, so every triage runs the whole pipeline and writes). */
function incoming(count: number): Ticket[] {
  return generateDemoTickets({ count, seed: 77 }).map((ticket, index) =>
    Ticket.parse({
      id: `incoming-${index}`,
      subject: ticket.subject,
      description: ticket.description,
      comments: ticket.comments,
      requester: ticket.requester,
    }),
  );
}

interface Measured {
  /** Acquire (load: model read + parse, every ticket into the similar index) and the triage, per cold sample. */
  readonly cold: Latencies;
  readonly coldLoad: Latencies;
  readonly coldTriage: Latencies;
  readonly warm: Latencies;
  readonly perInstallation: { model: number; similar: number; tickets: number };
  readonly maxResidentBytes: number;
  readonly maxResident: number;
  readonly minResident: number;
  readonly loads: number;
  readonly evictions: number;
  /** The directory's estimate when the runs ended (read with `after`). */
  readonly endEstimate: number;
  readonly before: NodeJS.MemoryUsage;
  /** After the directory first filled up to its budget, and the directory's own estimate then. */
  readonly filled: NodeJS.MemoryUsage;
  readonly filledEstimate: number;
  readonly filledResident: number;
  readonly after: NodeJS.MemoryUsage;
  readonly peakRss: number;
  readonly seconds: number;
}

async function measure(store: Store, taxonomy: TaxonomySource): Promise<Measured> {
  const logger = pino({ level: 'silent' });
  const directory = new TenantDirectory<Tenant<InstallationStore>>({
    load: tenantFactory<InstallationStore>({
      scopedStore: (installation) => store.forInstallation(installation),
      taxonomy: () => taxonomy,
      logger,
    }),
    budgetBytes: BUDGET_MB * 2 ** 20,
  });
  const runtimeOf = (tenant: Tenant<InstallationStore>): Runtime => ({
    installation: tenant.installation,
    store: tenant.store,
    database: store,
    taxonomy: tenant.taxonomy,
    model: tenant.model,
    similar: tenant.similar,
    llm: null,
    trainer: tenant.trainer,
    importer: tenant.importer,
    now: () => new Date(),
  });
  const tickets = incoming(2_000);
  let ticketIndex = 0;
  // A new id every time (texts repeat after the generated ones): a stored result is found by id and text hash.
  const nextTicket = (): Ticket => {
    const index = ticketIndex++;
    return { ...tickets[index % tickets.length]!, id: `incoming-${index}` };
  };
  const random = seededRandom(13);
  const pick = () => installationId(Math.floor(random() * INSTALLATIONS));

  let maxResidentBytes = 0;
  let maxResident = 0;
  let minResident = Number.POSITIVE_INFINITY;
  const observe = () => {
    const stats = directory.stats();
    maxResidentBytes = Math.max(maxResidentBytes, stats.residentBytes);
    maxResident = Math.max(maxResident, stats.resident);
    return stats;
  };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);

  const triageOn = async (installation: string): Promise<{ load: number; total: number }> => {
    const started = performance.now();
    const lease = await directory.acquire(installation);
    const loaded = performance.now();
    try {
      const outcome = await triageAndStore(runtimeOf(lease.tenant), nextTicket());
      if (outcome.reused) throw new Error('bench tenants: a fresh ticket was answered from a stored result');
    } finally {
      lease.release();
    }
    const total = performance.now() - started;
    observe();
    return { load: loaded - started, total };
  };

  const memory = settledMemory();
  try {
    const before = await memory();
    const started = performance.now();
    // Fill the directory first (loads until evictions begin), so every cold sample below evicts as in serving.
    for (let index = 0; directory.stats().evictions === 0 && index < INSTALLATIONS; index++)
      await triageOn(installationId(index));
    const filled = await memory();
    const { residentBytes: filledEstimate, resident: filledResident } = directory.stats();
    const tenant = await directory.get(directory.residents().at(-1)!);
    const perInstallation = {
      model: tenant.model.residentBytes(),
      similar: tenant.similar.residentBytes(),
      tickets: tenant.similar.size(),
    };

    const cold: number[] = [];
    const coldLoad: number[] = [];
    const coldTriage: number[] = [];
    while (cold.length < COLD_SAMPLES) {
      const installation = pick();
      if (directory.has(installation)) continue;
      const { load, total } = await triageOn(installation);
      cold.push(total);
      coldLoad.push(load);
      coldTriage.push(total - load);
      minResident = Math.min(minResident, directory.stats().resident);
    }

    // Warm: an installation resident at the time, picked at random. Each triage adds its ticket to the index, so the
    // residents grow and the least recently used may be evicted now and then, as in serving: the pick is from the
    // residents of the moment, and one that had to load is not a warm sample.
    const warm: number[] = [];
    while (warm.length < WARM_SAMPLES) {
      const residents = directory.residents();
      const installation = residents[Math.floor(random() * residents.length)]!;
      const loadsBefore = directory.stats().loads;
      const { total } = await triageOn(installation);
      if (directory.stats().loads !== loadsBefore) throw new Error('bench tenants: a warm triage loaded its context');
      warm.push(total);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await memory();
    const stats = observe();
    return {
      cold: latencies(cold),
      coldLoad: latencies(coldLoad),
      coldTriage: latencies(coldTriage),
      warm: latencies(warm),
      perInstallation,
      maxResidentBytes,
      maxResident,
      minResident,
      loads: stats.loads,
      evictions: stats.evictions,
      endEstimate: stats.residentBytes,
      before,
      filled,
      filledEstimate,
      filledResident,
      after,
      peakRss: Math.max(peakRss, after.rss),
      seconds,
    };
  } finally {
    clearInterval(sampler);
    await directory.close();
  }
}

interface LoadParts {
  readonly modelRead: Latencies;
  readonly modelParse: Latencies;
  readonly ticketsRead: Latencies;
  readonly indexBuild: Latencies;
}

/**
 * Where a cold load's time goes, step by step as tenantFactory takes them (ModelHolder.refresh: the latest model read,
 * then parsed; SimilarSync.refresh: the tickets read, then indexed), on installations picked at random.
 */
async function loadParts(store: Store, samples: number): Promise<LoadParts> {
  const parts = {
    modelRead: [] as number[],
    modelParse: [] as number[],
    ticketsRead: [] as number[],
    indexBuild: [] as number[],
  };
  const random = seededRandom(29);
  for (let sample = 0; sample < samples; sample++) {
    const scoped = store.forInstallation(installationId(Math.floor(random() * INSTALLATIONS)));
    let started = performance.now();
    const record = await scoped.latestModel();
    let done = performance.now();
    parts.modelRead.push(done - started);
    if (!record) throw new Error('bench tenants: an installation without its model');
    parseModel(record.artifact);
    started = performance.now();
    parts.modelParse.push(started - done);
    const tickets: StoredTicket[] = [];
    for (let page = await scoped.ticketsChangedSince(0, SIMILAR_PAGE); ;) {
      tickets.push(...page);
      if (page.length < SIMILAR_PAGE) break;
      page = await scoped.ticketsChangedSince(page.at(-1)!.seq, SIMILAR_PAGE);
    }
    done = performance.now();
    parts.ticketsRead.push(done - started);
    const index = new SimilarIndex();
    for (const { id, subject, label, status, createdAt, text } of tickets)
      index.add({ id, subject, label, status, createdAt }, text);
    parts.indexBuild.push(performance.now() - done);
  }
  return {
    modelRead: latencies(parts.modelRead),
    modelParse: latencies(parts.modelParse),
    ticketsRead: latencies(parts.ticketsRead),
    indexBuild: latencies(parts.indexBuild),
  };
}

/**
 * Issue 13's target: many installations on one PostgreSQL, each with its own model and tickets, served by one process
 * whose TenantDirectory holds only some of them: triage latency of a cold installation (loaded on demand) and a warm one.
 */
export const tenantsSection: BenchSection = {
  name: 'tenants',
  title: 'Installations: cold and warm triage within a memory budget',
  async run() {
    const [loadBefore] = loadavg();
    const pooled = performance.now();
    const pool = redactedPool(Math.min(POOL, INSTALLATIONS * TICKETS));
    const poolSeconds = (performance.now() - pooled) / 1000;
    return withPostgresDatabase('bench_tenants', async (url) => {
      const store = await createStore({ databaseUrl: url, dataDir: 'unused' });
      try {
        const taxonomy = taxonomySource();
        const seeded = await seed(store, pool, taxonomy);
        const [loadAfterSeed] = loadavg();
        const measured = await measure(store, taxonomy);
        const parts = await loadParts(store, Math.min(LOAD_PART_SAMPLES, INSTALLATIONS));
        const [loadAfter] = loadavg();
        return report(seeded, measured, parts, poolSeconds, [loadBefore!, loadAfterSeed!, loadAfter!]);
      } finally {
        await store.close();
      }
    });
  },
};

function report(
  seeded: Seeded,
  measured: Measured,
  parts: LoadParts,
  poolSeconds: number,
  load: readonly number[],
): string {
  const budget = BUDGET_MB * 2 ** 20;
  const { perInstallation: one } = measured;
  const perBytes = one.model + one.similar;
  const total = INSTALLATIONS * TICKETS;
  const row = (name: string, value: Latencies) =>
    `| ${name} | ${value.count.toLocaleString('en')} | ${msText(value.p50)} | ${msText(value.p99)} | ${msText(value.max)} |`;
  const memory = (name: string, usage: NodeJS.MemoryUsage) =>
    `| ${name} | ${mib(usage.rss)} | ${mib(usage.heapUsed)} | ${mib(usage.heapTotal)} | ${mib(usage.external)} |`;
  return [
    `**Sizes used: ${INSTALLATIONS.toLocaleString('en')} installations × ${TICKETS.toLocaleString('en')} tickets = ${total.toLocaleString('en')} tickets** on PostgreSQL (a fresh database, dropped afterwards), memory budget ${BUDGET_MB} MB (\`TRIAGE_MEMORY_BUDGET_MB\`), one process, no LLM, lexical similarity. ` +
      `Command: \`npm run bench -- --only tenants\`; sizes from \`BENCH_TENANTS_INSTALLATIONS\`, \`BENCH_TENANTS_TICKETS\`, \`BENCH_TENANTS_BUDGET_MB\`, \`BENCH_TENANTS_COLD\`, \`BENCH_TENANTS_WARM\`.`,
    '',
    `Seeding: ${Math.min(POOL, total).toLocaleString('en')} labelled demo tickets (\`server/demo\`, planted fake PII) redacted once as an import stores them (${poolSeconds.toFixed(1)} s, not counted); each installation's history draws ${TICKETS.toLocaleString('en')} of them at its own offset, numbered from 1 as every Zendesk account numbers its tickets (ids collide across installations). ` +
      `Written through the store (\`store.forInstallation(id).upsertTickets\`, ${SEED_BATCH.toLocaleString('en')} rows a call, ${SEED_CONCURRENCY} installations at once): **${seeded.seedSeconds.toFixed(1)} s** (${Math.round(total / seeded.seedSeconds).toLocaleString('en')} tickets/s); no COPY needed. ` +
      `One model trained on installation ${installationId(MODEL_SOURCE)}'s tickets as \`triage train\` does (${seeded.trainSeconds.toFixed(1)} s), and that same artifact (${mib(seeded.artifactBytes)} of JSON) saved as every installation's promoted model with \`saveModel\` (${seeded.modelSeconds.toFixed(1)} s): the models are identical, but each cold load reads and parses its own copy from the database, which is the cost that matters here.`,
    '',
    `Measured in one process with a \`TenantDirectory\` over \`tenantFactory\` (as \`serverTenants\` builds it, no pinned installation): the directory is first filled until it evicts, then **cold** = a triage on an installation picked at random that is not resident (its context loaded on demand: the latest promoted model read and parsed, its ${TICKETS.toLocaleString('en')} tickets (and those triaged in this run) read into a similar index, then the triage; each such load evicts the least recently used), **warm** = a triage on an installation picked at random among the resident ones. Every triage is a fresh ticket through \`triageAndStore\` (redaction, rules, model, decide, similar search, one write of ticket and result), one at a time.`,
    '',
    '| triage | samples | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
    row('cold installation (load + triage)', measured.cold),
    row('… of which the load (acquire)', measured.coldLoad),
    row('… of which the triage', measured.coldTriage),
    row('warm installation (resident)', measured.warm),
    '',
    `Where a cold load goes, step by step as \`tenantFactory\` takes them, timed apart on ${Math.min(LOAD_PART_SAMPLES, INSTALLATIONS)} installations picked at random after the runs:`,
    '',
    '| load step | p50 ms | p99 ms |',
    '|---|---|---|',
    `| model: latest promoted version read (\`latestModel\`) | ${msText(parts.modelRead.p50)} | ${msText(parts.modelRead.p99)} |`,
    `| model: artifact parsed and validated (\`parseModel\`) | ${msText(parts.modelParse.p50)} | ${msText(parts.modelParse.p99)} |`,
    `| similar: tickets read (\`ticketsChangedSince\`, pages of ${SIMILAR_PAGE.toLocaleString('en')}) | ${msText(parts.ticketsRead.p50)} | ${msText(parts.ticketsRead.p99)} |`,
    `| similar: index built (\`SimilarIndex.add\` per ticket: words, 4-grams, postings) | ${msText(parts.indexBuild.p50)} | ${msText(parts.indexBuild.p99)} |`,
    '',
    `Per installation resident (the directory's estimate): model ${mib(one.model)} + similar index ${mib(one.similar)} = **${mib(perBytes)}**, so ${Math.floor(budget / perBytes)} of ${INSTALLATIONS.toLocaleString('en')} fit in ${BUDGET_MB} MB (${measured.minResident === Number.POSITIVE_INFINITY ? '–' : measured.minResident}–${measured.maxResident} resident during the run). ` +
      `Directory residentBytes, max observed after any triage: **${mib(measured.maxResidentBytes)} of a ${mib(budget)} budget** (${measured.maxResidentBytes <= budget ? 'within' : '**over**'}); ${measured.loads.toLocaleString('en')} loads, ${measured.evictions.toLocaleString('en')} evictions in ${measured.seconds.toFixed(1)} s.`,
    '',
    '| process memory | RSS | heap used | heap total | external (array buffers included) |',
    '|---|---|---|---|---|',
    memory('before the directory (after seeding)', measured.before),
    memory(`directory first full (${measured.filledResident} resident)`, measured.filled),
    memory('after the cold and warm runs', measured.after),
    '',
    `Each reading after a forced GC; peak RSS during the runs (sampled every 50 ms): ${mib(measured.peakRss)}. ` +
      `The directory's estimate against the heap: when it first filled, its ${measured.filledResident} installations were estimated at ${mib(measured.filledEstimate)} and heap used + external had grown by ${mib(heldBytes(measured.filled) - heldBytes(measured.before))} since before the directory (which includes the pg client's and the triage path's own growth); when the runs ended, ${mib(measured.endEstimate)} estimated and ${mib(heldBytes(measured.after) - heldBytes(measured.before))} grown.`,
    '',
    `Load average (1 min): ${load[0]!.toFixed(1)} at start, ${load[1]!.toFixed(1)} after seeding, ${load[2]!.toFixed(1)} at the end, on ${availableParallelism()} CPUs: above the CPU count, other processes shared the machine and these latencies are higher than on an idle one.`,
    '',
    `Target (issue 13): 1,000 installations × 1,000 tickets on PostgreSQL, p99 of a cold and a warm triage, memory within the budget: cold p99 ${msText(measured.cold.p99)} ms, warm p99 ${msText(measured.warm.p99)} ms, resident ${measured.maxResidentBytes <= budget ? 'within' : '**over**'} the budget.`,
  ].join('\n');
}
