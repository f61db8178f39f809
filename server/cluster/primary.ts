import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from 'pino';
import {
  CollectedMessage,
  ScrapeMessage,
  SLOT_ENV,
  type CollectMessage,
  type ScrapedMessage,
  type StopMessage,
  type WorkerMetrics,
} from './messages.ts';

/** How long the primary waits for one worker's metrics before the scrape fails. */
const COLLECT_TIMEOUT_MS = 5_000;

export interface RestartPolicy {
  /** First restart delay; doubles with each crash of the same slot (default 250 ms). */
  readonly baseDelayMs: number;
  /** Longest restart delay (default 15 s). */
  readonly maxDelayMs: number;
  /** A worker up this long has its slot's crash count reset (default 30 s). */
  readonly stableAfterMs: number;
  /** Workers dying in a row before listening: the primary gives up (default 5). */
  readonly maxStartFailures: number;
}

const DEFAULT_RESTART: RestartPolicy = {
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  stableAfterMs: 30_000,
  maxStartFailures: 5,
};

export interface ClusterOptions {
  readonly workers: number;
  readonly logger: Logger;
  /** Added to every worker's environment: the values resolved once here (generated secrets). */
  readonly env: Readonly<Record<string, string>>;
  /** How long workers may take to drain after stop() before they are killed (their own drain timeout plus slack). */
  readonly drainTimeoutMs: number;
  readonly restart?: Partial<RestartPolicy>;
}

export interface RunningCluster {
  /** The port once every worker listens; rejects if the cluster ends first. */
  readonly listening: Promise<number>;
  /** The exit code once every worker has exited: 0 after a clean drain, 1 after giving up or an unclean drain. */
  readonly ended: Promise<number>;
  /** Asks every worker to finish its in-flight requests and exit; restarts stop. */
  stop(): void;
}

interface Slot {
  readonly index: number;
  worker: Worker | null;
  listening: boolean;
  /** Crashes since the slot was last stable: the restart delay's exponent. */
  crashes: number;
  timer: NodeJS.Timeout | null;
}

function sendTo(worker: Worker, message: StopMessage | CollectMessage | ScrapedMessage): void {
  if (worker.isConnected()) worker.send(message);
}

/** One worker's registry as JSON, answered to a collect message. */
function collect(worker: Worker, id: number): Promise<WorkerMetrics> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    const onMessage = (raw: unknown) => {
      const parsed = CollectedMessage.safeParse(raw);
      if (!parsed.success || parsed.data.id !== id) return;
      done();
      // Validated above to the fields AggregatorRegistry.aggregate reads; the rest is prom-client's own JSON.
      resolve(parsed.data.metrics as unknown as WorkerMetrics);
    };
    const onExit = () => {
      done();
      reject(new Error(`worker ${worker.process.pid} exited during the scrape`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker ${worker.process.pid} did not send its metrics in time`));
    }, COLLECT_TIMEOUT_MS);
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    sendTo(worker, { type: 'triage:metrics:collect', id });
  });
}

/**
 * Forks `workers` server processes sharing the listening port (node:cluster hands connections round-robin) and keeps
 * them running: a worker that dies is restarted after a backoff that doubles per crash of its slot; when workers die
 * `maxStartFailures` times in a row before listening, the primary gives up. Scrapes that reach a worker are answered
 * with every worker's metrics, aggregated here.
 */
export function startCluster(options: ClusterOptions): RunningCluster {
  const policy = { ...DEFAULT_RESTART, ...options.restart };
  const { logger } = options;
  const slots: Slot[] = Array.from({ length: options.workers }, (_, index) => ({
    index,
    worker: null,
    listening: false,
    crashes: 0,
    timer: null,
  }));
  let stopping = false;
  let exitCode = 0;
  let startFailures = 0;
  let port: number | null = null;
  let nextCollect = 0;
  let resolveListening!: (port: number) => void;
  let rejectListening!: (error: Error) => void;
  let resolveEnded!: (code: number) => void;
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  // The caller may only await `ended`: an unobserved rejection must not crash the primary.
  listening.catch(() => undefined);
  const ended = new Promise<number>((resolve) => (resolveEnded = resolve));

  /**
   * Every listening worker's metrics, each series labelled with the worker's slot (`worker="0"`, …): summing
   * counters across workers would make the total fall when a worker restarts (its replacement starts at 0), which
   * Prometheus reads as a reset of the whole total; per-worker series reset alone, as `rate()` expects. A worker that
   * does not answer in time is left out of this scrape instead of failing it.
   */
  async function aggregate(): Promise<string> {
    const id = nextCollect++;
    const listening = slots.filter((slot) => slot.worker && slot.listening);
    const settled = await Promise.allSettled(listening.map((slot) => collect(slot.worker!, id)));
    const perWorker: WorkerMetrics[] = [];
    settled.forEach((outcome, position) => {
      const worker = String(listening[position]!.index);
      if (outcome.status === 'rejected') {
        logger.warn({ err: outcome.reason, worker }, 'cluster metrics: a worker did not answer; scraped without it');
        return;
      }
      perWorker.push(
        outcome.value.map((metric) => ({
          ...metric,
          values: metric.values.map((value) => ({ ...value, labels: { ...value.labels, worker } })),
        })),
      );
    });
    if (perWorker.length === 0 && listening.length > 0) throw new Error('no worker sent its metrics');
    return AggregatorRegistry.aggregate(perWorker).metrics();
  }

  function onMessage(worker: Worker, raw: unknown): void {
    const scrape = ScrapeMessage.safeParse(raw);
    if (!scrape.success) return;
    const { id } = scrape.data;
    aggregate().then(
      (text) => sendTo(worker, { type: 'triage:metrics:scraped', id, text }),
      (error: unknown) => {
        logger.warn({ err: error }, 'cluster metrics: a worker did not answer');
        sendTo(worker, {
          type: 'triage:metrics:scraped',
          id,
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
  }

  function fork(slot: Slot): void {
    slot.timer = null;
    const worker = cluster.fork({ ...options.env, [SLOT_ENV]: String(slot.index) });
    slot.worker = worker;
    slot.listening = false;
    logger.info({ worker: slot.index, workerPid: worker.process.pid }, 'worker forked');
    worker.on('message', (raw: unknown) => onMessage(worker, raw));
    worker.once('listening', (address) => {
      slot.listening = true;
      // A stop sent before the worker listened for IPC messages was dropped: say it again now that it serves.
      if (stopping) {
        sendTo(worker, { type: 'triage:stop' });
        return;
      }
      startFailures = 0;
      port ??= address.port;
      logger.info({ worker: slot.index, workerPid: worker.process.pid }, 'worker listening');
      slot.timer = setTimeout(() => {
        slot.timer = null;
        slot.crashes = 0;
      }, policy.stableAfterMs);
      slot.timer.unref();
      if (slots.every((each) => each.listening) && port !== null) resolveListening(port);
    });
    worker.once('exit', (code, signal) => exited(slot, worker, code, signal));
  }

  function exited(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    const wasListening = slot.listening;
    slot.worker = null;
    slot.listening = false;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (slots.every((each) => each.worker === null)) finish();
      return;
    }
    slot.crashes += 1;
    if (!wasListening) startFailures += 1;
    if (startFailures >= policy.maxStartFailures) {
      logger.fatal(
        { worker: slot.index, workerPid: worker.process.pid, code, signal, failures: startFailures },
        'workers keep dying before they listen: giving up',
      );
      exitCode = 1;
      stop();
      return;
    }
    const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (slot.crashes - 1));
    logger.error(
      { worker: slot.index, workerPid: worker.process.pid, code, signal, restartInMs: delayMs },
      'worker died unexpectedly: restarting it',
    );
    slot.timer = setTimeout(() => fork(slot), delayMs);
  }

  function finish(): void {
    rejectListening(new Error('the cluster ended before every worker listened'));
    resolveEnded(exitCode);
  }

  function stop(): void {
    if (stopping) return;
    stopping = true;
    const alive = slots.filter((slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      return slot.worker !== null;
    });
    if (alive.length === 0) {
      finish();
      return;
    }
    for (const slot of alive) if (slot.worker) sendTo(slot.worker, { type: 'triage:stop' });
    const force = setTimeout(() => {
      logger.error('workers did not drain in time: killing them');
      exitCode = 1;
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
    }, options.drainTimeoutMs);
    force.unref();
    void ended.then(() => clearTimeout(force));
  }

  for (const slot of slots) fork(slot);
  return { listening, ended, stop };
}
