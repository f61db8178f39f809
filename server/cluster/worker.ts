import cluster from 'node:cluster';
import { ApiMetrics } from '../http/index.ts';
import {
  CollectMessage,
  ScrapedMessage,
  SLOT_ENV,
  StopMessage,
  type CollectedOutgoing,
  type ScrapeMessage,
} from './messages.ts';

/** How long a worker's /metrics waits for the primary (which waits up to COLLECT_TIMEOUT_MS per worker). */
const SCRAPE_TIMEOUT_MS = 8_000;

/** Whether this process is a worker forked by `triage serve` with TRIAGE_WORKERS above 1. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/** This worker's slot (0 … N-1): slot 0 runs the retraining scheduler. */
export function workerSlot(): number {
  const slot = Number(process.env[SLOT_ENV]);
  return Number.isInteger(slot) && slot >= 0 ? slot : 0;
}

function send(message: CollectedOutgoing | ScrapeMessage): void {
  if (process.connected) process.send?.(message);
}

/**
 * A worker's metrics: recorded here, but /metrics answers with every worker's, gathered by the primary (each series
 * labelled with its worker) so one scrape sees the whole server.
 */
export class ClusterMetrics extends ApiMetrics {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

  /**
   * Answers the primary's collects with this registry (after `refresh` sets the gauges read at scrape time) and
   * takes the primary's answers to this worker's scrapes.
   */
  constructor(refresh: () => void) {
    super();
    process.on('message', (raw: unknown) => {
      const collect = CollectMessage.safeParse(raw);
      if (collect.success) {
        refresh();
        void this.registry
          .getMetricsAsJSON()
          .then((metrics) => send({ type: 'triage:metrics:collected', id: collect.data.id, metrics }));
        return;
      }
      const scraped = ScrapedMessage.safeParse(raw);
      if (!scraped.success) return;
      const waiting = this.pending.get(scraped.data.id);
      this.pending.delete(scraped.data.id);
      if (scraped.data.text !== undefined) waiting?.resolve(scraped.data.text);
      else waiting?.reject(new Error(`cluster metrics: ${scraped.data.error ?? 'no answer'}`));
    });
  }

  override async text(): Promise<string> {
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('cluster metrics: the primary did not answer'));
      }, SCRAPE_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (text) => {
          clearTimeout(timer);
          resolve(text);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      send({ type: 'triage:metrics:scrape', id });
    });
  }
}

/**
 * Calls `stop` when the primary asks this worker to drain, or when the primary is gone (its IPC channel closed):
 * a worker never outlives its primary.
 */
export function onStopRequest(stop: (reason: string) => void): void {
  process.on('message', (raw: unknown) => {
    if (StopMessage.safeParse(raw).success) stop('primary');
  });
  process.once('disconnect', () => stop('primary gone'));
}
