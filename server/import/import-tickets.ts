import { availableParallelism } from 'node:os';
import type { ImportReport as ContractImportReport } from '../../src/contract/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { TicketStore, TicketWrite } from '../storage/index.ts';
import { checkLines, type CheckedLines, type ImportLineError } from './check-line.ts';
import { CheckPool, knownIdLists } from './check-pool.ts';

export { checkLine, type ImportLineError } from './check-line.ts';

/** What an import returns: the contract's ImportReport, with the error codes the line check gives. */
export type ImportReport = Readonly<ContractImportReport> & { readonly errors: ImportLineError[] };

/** The counts of an import so far. */
export type ImportCounts = Omit<ImportReport, 'errors'>;

/** Where an import's time went, in milliseconds; parse and redact are summed over every thread. */
export interface ImportStats {
  /** Worker threads started (0: the calling thread checked every line). */
  readonly workers: number;
  /** Lines checked on worker threads; the rest were checked on the calling thread. */
  readonly workerLines: number;
  /** JSON parsing, contract validation and taxonomy checks. */
  readonly parseMs: number;
  readonly redactMs: number;
  /** Database upserts, wall time (they overlap the checking of the next lines). */
  readonly writeMs: number;
  /** Time the import waited for a write to finish before it could start the next. */
  readonly writeWaitMs: number;
  /** Time the import waited for worker threads to answer. */
  readonly checkWaitMs: number;
}

export interface ImportOptions {
  readonly taxonomy: Taxonomy;
  /** Tickets per upsert statement (default 500). */
  readonly batchSize?: number;
  /**
   * Worker threads that check and redact lines. 0: all on the calling thread. Default: one per CPU
   * (at most 4) when there is more than one, started only once the input passes 2,000 lines so a small
   * import does not pay their start-up, and lines are checked here until they have loaded. A number
   * given here starts them at once and sends them every line.
   */
  readonly workers?: number;
  /** Called after each batch is stored. */
  readonly onProgress?: (counts: ImportCounts) => void;
  /** Called once at the end with where the time went. */
  readonly onStats?: (stats: ImportStats) => void;
}

const MAX_ERRORS = 100;
/** Lines per chunk handed to a worker: big enough that messaging is cheap next to redaction. */
const CHUNK_LINES = 200;
/** Chunks in flight per worker: keeps every worker busy while memory stays flat. */
const CHUNKS_PER_WORKER = 4;
/** With the default worker count, lines read before workers start. */
const AUTO_WORKERS_AFTER_LINES = 2_000;

/** The default number of import worker threads on this machine. */
export function defaultImportWorkers(): number {
  const cpus = availableParallelism();
  return cpus > 1 ? Math.min(cpus, 4) : 0;
}

interface Chunk {
  readonly lineNumbers: number[];
  readonly checked: Promise<CheckedLines>;
}

/**
 * Imports labelled tickets (one contract `LabelledTicket` JSON per line): each is validated, checked
 * against the taxonomy and redacted, then stored in batched upserts. A bad line is reported by number
 * and skipped. Re-running the same input is safe: tickets are keyed by id and unchanged ones count as such.
 *
 * Lines are checked and redacted in chunks, on worker threads when there are any; chunks are consumed
 * in input order, so reports, batches and the last-write-wins order of repeated ids do not depend on them.
 */
export async function importTickets(
  store: TicketStore,
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const workers = options.workers ?? defaultImportWorkers();
  if (!Number.isInteger(workers) || workers < 0)
    throw new RangeError(`workers must be a whole number ≥ 0, got ${workers}`);
  const startWorkersAfter = options.workers === undefined ? AUTO_WORKERS_AFTER_LINES : 0;
  const counts = { received: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const stats = { workers: 0, workerLines: 0, parseMs: 0, redactMs: 0, writeMs: 0, writeWaitMs: 0, checkWaitMs: 0 };
  const errors: ImportLineError[] = [];
  let batch: TicketWrite[] = [];
  // One batch is written while the next is parsed and redacted (CPU) — never more, so memory stays flat.
  let writing: Promise<void> | null = null;
  let pool: CheckPool | null = null;
  const queue: Chunk[] = [];

  const flush = async (): Promise<void> => {
    if (writing) {
      const waitStarted = performance.now();
      await writing;
      stats.writeWaitMs += performance.now() - waitStarted;
    }
    if (batch.length === 0) return;
    const tickets = batch;
    batch = [];
    const writeStarted = performance.now();
    writing = store.upsertTickets(tickets).then((written) => {
      stats.writeMs += performance.now() - writeStarted;
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      counts.unchanged += written.unchanged;
      options.onProgress?.({ ...counts });
    });
    // Handled here so a failed write does not crash the process before we await it below.
    writing.catch(() => undefined);
  };

  // A closure, like flush: `writing` is assigned in closures only, so in the function's own flow TS would keep it null.
  const finishWrites = async (): Promise<void> => {
    await flush();
    if (writing) await writing;
  };

  const submit = (lineNumbers: number[], texts: string[]): void => {
    if (lineNumbers.length === 0) return;
    let checked: Promise<CheckedLines>;
    // With the default worker count, this thread checks lines itself until the workers have loaded their code.
    if (pool && (pool.ready || options.workers !== undefined)) {
      stats.workerLines += texts.length;
      checked = pool.check(texts);
      // Awaited in order below; handled here so a chunk still queued when the import stops cannot crash the process.
      checked.catch(() => undefined);
    } else {
      checked = Promise.resolve(checkLines(texts, options.taxonomy));
    }
    queue.push({ lineNumbers, checked });
  };

  const consume = async (chunk: Chunk): Promise<void> => {
    const waitStarted = performance.now();
    const { results, parseMs, redactMs } = await chunk.checked;
    if (pool) stats.checkWaitMs += performance.now() - waitStarted;
    stats.parseMs += parseMs;
    stats.redactMs += redactMs;
    for (let index = 0; index < results.length; index++) {
      const checked = results[index]!;
      if (!checked.ok) {
        counts.rejected++;
        if (errors.length < MAX_ERRORS)
          errors.push({ line: chunk.lineNumbers[index]!, code: checked.code, path: checked.path });
        continue;
      }
      batch.push(checked.write);
      if (batch.length >= batchSize) await flush();
    }
  };

  try {
    let lineNumber = 0;
    let lineNumbers: number[] = [];
    let texts: string[] = [];
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      counts.received++;
      lineNumbers.push(lineNumber);
      texts.push(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line);
      if (texts.length < CHUNK_LINES) continue;
      if (!pool && workers > 0 && counts.received >= startWorkersAfter) {
        pool = new CheckPool(workers, knownIdLists(options.taxonomy));
        stats.workers = workers;
      }
      submit(lineNumbers, texts);
      lineNumbers = [];
      texts = [];
      const inFlight = pool ? pool.size * CHUNKS_PER_WORKER : 0;
      while (queue.length > inFlight) await consume(queue.shift()!);
    }
    submit(lineNumbers, texts);
    while (queue.length > 0) await consume(queue.shift()!);
    await finishWrites();
  } finally {
    await pool?.close();
  }
  options.onStats?.({ ...stats });
  return { ...counts, errors };
}
