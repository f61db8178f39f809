import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Periodic, startWorker, type Worker } from '../jobs/index.ts';
import type { TrainResponse } from '../../src/contract/index.ts';
import { DEFAULT_INSTALLATION_ID, type FeedbackStore, type JobStore, type ModelStore } from '../storage/store.ts';
import type { Trainer } from './trainer.ts';

/** What a retraining check reads and writes for one installation: its store, scoped. */
export type RetrainStore = ModelStore & FeedbackStore & JobStore;

/** Every installation the scheduler looks after, each with its own labels, models and jobs. */
export interface RetrainInstallations {
  /** The installations to check (the default one and every registered one). */
  list(): Promise<readonly string[]>;
  scoped(installation: string): RetrainStore;
  /** Trains a candidate for the installation (promoted only when no worse, as ModelTrainer does). */
  train(installation: string, signal?: AbortSignal): Promise<TrainResponse>;
}

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
  /** The agents' verdicts since each installation's newest model, summed, after every check: the live evaluation in /metrics. */
  readonly onCounts?: (counts: FeedbackCounts) => void;
  /**
   * Every installation to look after; absent: only the store and trainer given (one installation). Jobs are claimed
   * across installations and each runs for the installation it was enqueued in.
   */
  readonly installations?: RetrainInstallations;
}

const NO_COUNTS: FeedbackCounts = { accept: 0, reject: 0, correct: 0, like: 0, dislike: 0 };

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

  private readonly installations: RetrainInstallations;

  constructor(
    private readonly store: RetrainStore,
    trainer: Trainer,
    private readonly logger: Logger,
    private readonly options: RetrainOptions,
  ) {
    this.installations = options.installations ?? {
      list: async () => [DEFAULT_INSTALLATION_ID],
      scoped: () => store,
      train: (_installation, signal) => trainer.train(signal),
    };
  }

  /**
   * Labels since the installation's newest model (promoted or not, so a rejected candidate does not retrain in a
   * loop).
   */
  async labelsSinceModel(
    installation: string = DEFAULT_INSTALLATION_ID,
  ): Promise<{ labels: number; counts: FeedbackCounts; since: string | null }> {
    const store = this.installations.scoped(installation);
    // listModels is newest first and includes candidates that were not promoted (latestModel is promoted only).
    const [newest] = await store.listModels();
    const since = newest?.createdAt ?? null;
    const counts = await store.feedbackCounts(since);
    return { labels: labelsIn(counts), counts, since };
  }

  /**
   * One check of every installation: reports the counts and enqueues a retraining for each installation where enough
   * labels arrived. Returns whether it enqueued any.
   */
  async check(): Promise<boolean> {
    const now = (this.options.now ?? (() => new Date()))();
    // Finished jobs of every installation: the worker's side of the queue spans them.
    await this.store.pruneJobs(new Date(now.getTime() - KEEP_FINISHED_JOBS_MS).toISOString());
    const total = { ...NO_COUNTS };
    let enqueued = false;
    for (const installation of await this.installations.list()) {
      const { labels, counts, since } = await this.labelsSinceModel(installation);
      for (const kind of Object.keys(total) as (keyof FeedbackCounts)[]) total[kind] += counts[kind];
      if (await this.enqueueIfDue(installation, labels, since)) enqueued = true;
    }
    this.options.onCounts?.(total);
    return enqueued;
  }

  private async enqueueIfDue(installation: string, labels: number, since: string | null): Promise<boolean> {
    if (this.options.after <= 0 || labels < this.options.after) return false;
    const store = this.installations.scoped(installation);
    // A retraining that failed for good since the newest model is tried again only after `after` more labels
    // since that failure: a failure that repeats (bad data, no memory) must not restart training every check.
    const failed = await store.lastJobFailure(RETRAIN_JOB);
    if (failed !== null && (since === null || failed > since)) {
      if (labelsIn(await store.feedbackCounts(failed)) < this.options.after) return false;
    }
    const id = await store.enqueueJob(RETRAIN_JOB, { labels }, { dedupeKey: RETRAIN_JOB, maxAttempts: 3 });
    this.logger.info({ job: id, labels, installation }, 'enough new labels: retraining scheduled');
    return true;
  }

  /**
   * The job, for the installation it was enqueued in: checks again (another instance may have trained meanwhile),
   * then trains; `signal` stops the training.
   */
  async runJob(signal?: AbortSignal, installation: string = DEFAULT_INSTALLATION_ID): Promise<void> {
    const { labels } = await this.labelsSinceModel(installation);
    if (labels < Math.max(1, this.options.after)) {
      this.logger.info({ labels, installation }, 'retraining no longer needed: a newer model exists');
      return;
    }
    const trained = await this.installations.train(installation, signal);
    this.logger.info(
      { version: trained.version, promoted: trained.promoted, metrics: trained.metrics, installation },
      'retrained on the agents’ labels',
    );
  }

  start(): void {
    if (this.worker) return;
    this.checks.start(this.options.checkMs ?? 30_000, { immediately: true });
    if (this.options.after > 0) {
      this.worker = startWorker(
        this.store,
        { [RETRAIN_JOB]: (_payload, signal, job) => this.runJob(signal, job.installation) },
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
