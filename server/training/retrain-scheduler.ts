import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Periodic, startWorker, type Worker } from '../jobs/index.ts';
import type { FeedbackStore, JobStore, ModelStore } from '../storage/store.ts';
import type { Trainer } from './trainer.ts';

export const RETRAIN_JOB = 'retrain';
/** Finished jobs are kept this long for inspection, then pruned. */
const KEEP_FINISHED_JOBS_MS = 7 * 24 * 3600_000;

export type FeedbackCounts = Awaited<ReturnType<FeedbackStore['feedbackCounts']>>;

/** What counts as a new label for training: an agent's accept or correction. */
const labelsIn = (counts: FeedbackCounts): number => counts.accept + counts.correct;

export interface RetrainOptions {
  /** Agent labels (accepts + corrections) since the newest model that schedule a retraining; 0 turns it off. */
  readonly after: number;
  /** How often the counts are looked at (default 30 s). */
  readonly checkMs?: number;
  /** Worker poll interval (default 1 s). */
  readonly pollMs?: number;
  readonly now?: () => Date;
  /** The agents' verdicts since the newest model, after every check: the live evaluation in /metrics. */
  readonly onCounts?: (counts: FeedbackCounts) => void;
}

/**
 * Closes the loop from corrections to the model: every check counts the agents' accepts and corrections recorded
 * since the newest model; at `after` it enqueues one `retrain` job (deduplicated, so instances that check together
 * enqueue it once), and a job worker — on whichever instance claims it — trains a candidate on the stored labels,
 * which is promoted only when no worse on the held-out tickets (ModelTrainer). Other instances pick the new model up
 * by polling. Finished jobs older than a week are pruned.
 */
export class RetrainScheduler {
  private readonly checks = new Periodic(
    () => this.check(),
    (error) => this.logger.warn({ err: error }, 'retraining check failed; trying again next interval'),
  );
  private worker: Worker | null = null;

  constructor(
    private readonly store: ModelStore & FeedbackStore & JobStore,
    private readonly trainer: Trainer,
    private readonly logger: Logger,
    private readonly options: RetrainOptions,
  ) {}

  /** Labels since the newest model (promoted or not, so a rejected candidate does not retrain in a loop). */
  async labelsSinceModel(): Promise<{ labels: number; counts: FeedbackCounts; since: string | null }> {
    // listModels is newest first and includes candidates that were not promoted (latestModel is promoted only).
    const [newest] = await this.store.listModels();
    const since = newest?.createdAt ?? null;
    const counts = await this.store.feedbackCounts(since);
    return { labels: labelsIn(counts), counts, since };
  }

  /** One check: reports the counts and enqueues a retraining when enough labels arrived. Returns whether it did. */
  async check(): Promise<boolean> {
    const { labels, counts, since } = await this.labelsSinceModel();
    this.options.onCounts?.(counts);
    const now = (this.options.now ?? (() => new Date()))();
    await this.store.pruneJobs(new Date(now.getTime() - KEEP_FINISHED_JOBS_MS).toISOString());
    if (this.options.after <= 0 || labels < this.options.after) return false;
    // A retraining that failed for good since the newest model is tried again only after `after` more labels
    // since that failure: a failure that repeats (bad data, no memory) must not restart training every check.
    const failed = await this.store.lastJobFailure(RETRAIN_JOB);
    if (failed !== null && (since === null || failed > since)) {
      if (labelsIn(await this.store.feedbackCounts(failed)) < this.options.after) return false;
    }
    const id = await this.store.enqueueJob(RETRAIN_JOB, { labels }, { dedupeKey: RETRAIN_JOB, maxAttempts: 3 });
    this.logger.info({ job: id, labels }, 'enough new labels: retraining scheduled');
    return true;
  }

  /** The job: checks again (another instance may have trained meanwhile), then trains; `signal` stops the training. */
  async runJob(signal?: AbortSignal): Promise<void> {
    const { labels } = await this.labelsSinceModel();
    if (labels < Math.max(1, this.options.after)) {
      this.logger.info({ labels }, 'retraining no longer needed: a newer model exists');
      return;
    }
    const trained = await this.trainer.train(signal);
    this.logger.info(
      { version: trained.version, promoted: trained.promoted, metrics: trained.metrics },
      'retrained on the agents’ labels',
    );
  }

  start(): void {
    if (this.worker) return;
    this.checks.start(this.options.checkMs ?? 30_000, { immediately: true });
    if (this.options.after > 0) {
      this.worker = startWorker(
        this.store,
        { [RETRAIN_JOB]: (_payload, signal) => this.runJob(signal) },
        {
          workerId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
          ...(this.options.pollMs ? { pollMs: this.options.pollMs } : {}),
          // Training a large account takes a while; the worker renews the lease every third of it.
          leaseMs: 120_000,
          onError: (error, job) => this.logger.warn({ err: error, job: job?.id }, 'retraining job failed'),
        },
      );
    }
  }

  /** Stops checking and the worker (a running training is handed back for another instance), and waits for both. */
  async stop(): Promise<void> {
    await this.checks.stop();
    await this.worker?.stop();
    this.worker = null;
  }
}
