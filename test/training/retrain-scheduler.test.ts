import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import {
  ModelHolder,
  ModelTrainer,
  RETRAIN_JOB,
  RetrainScheduler,
  type FeedbackCounts,
} from '../../server/training/index.ts';
import type { Store } from '../../server/storage/index.ts';
import { usePgliteStore } from '../support/pglite-dir.ts';
import { feedback } from '../storage/store-contract.ts';

const silent = pino({ level: 'silent' });
let store: Store;
let holder: ModelHolder;
let trainer: ModelTrainer;
const ids: string[] = [];

usePgliteStore((opened) => (store = opened));

beforeAll(async () => {
  const tickets = generateDemoTickets({ count: 300, seed: 11 });
  await store.upsertTickets(
    tickets.map((ticket) => {
      ids.push(ticket.id);
      return importWrite(ticket);
    }),
  );
  holder = new ModelHolder(store, silent);
  trainer = new ModelTrainer(store, holder, { now: () => new Date() });
  await trainer.train();
}, 120_000);

async function correct(count: number, offset: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await store.appendFeedback(
      feedback({ ticketId: ids[offset + index]!, kind: 'correct', label: 'billing', correctedLabel: 'bug' }),
    );
  }
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('RetrainScheduler', () => {
  it('schedules one retraining once enough agent labels arrived since the newest model, and reports the verdicts', async () => {
    const reported: FeedbackCounts[] = [];
    const scheduler = new RetrainScheduler(store, trainer, silent, {
      after: 5,
      onCounts: (counts) => reported.push(counts),
    });
    expect(await scheduler.check()).toBe(false);
    await correct(3, 0);
    await store.appendFeedback(feedback({ ticketId: ids[3]!, kind: 'accept', label: 'billing' }));
    await store.appendFeedback(feedback({ ticketId: ids[4]!, kind: 'like', label: 'billing' }));
    expect(await scheduler.check()).toBe(false);
    expect(reported.at(-1)).toEqual({ accept: 1, reject: 0, correct: 3, like: 1, dislike: 0 });
    await correct(1, 5);
    expect(await scheduler.check()).toBe(true);
    // Checked again (or by another instance) before a worker took it: still one pending job.
    expect(await scheduler.check()).toBe(true);
    const first = await store.claimJob([RETRAIN_JOB], 'probe', 60_000);
    expect(first?.kind).toBe(RETRAIN_JOB);
    expect(await store.claimJob([RETRAIN_JOB], 'probe', 60_000)).toBeNull();
    await store.failJob(first!.id, 'handed back by the test', { retryInMs: 0 });
  });

  it('a worker trains a new version on the corrections; then nothing is pending, and old finished jobs are pruned', async () => {
    const before = (await store.listModels()).length;
    const scheduler = new RetrainScheduler(store, trainer, silent, { after: 5, checkMs: 100, pollMs: 50 });
    scheduler.start();
    try {
      const models = await waitFor(async () => {
        const listed = await store.listModels();
        return listed.length > before ? listed : null;
      });
      expect(models.length).toBe(before + 1);
      // The corrections are the ticket labels the new version learnt from.
      expect((await store.getTicket(ids[0]!))?.label).toBe('bug');
      expect((await scheduler.labelsSinceModel()).labels).toBe(0);
      expect(await scheduler.check()).toBe(false);
    } finally {
      await scheduler.stop();
    }
    expect(await store.pruneJobs(new Date(Date.now() + 8 * 24 * 3600_000).toISOString())).toBeGreaterThanOrEqual(1);
    expect(await store.claimJob([RETRAIN_JOB], 'probe', 60_000)).toBeNull();
  });

  it('skips the training when a newer model already covers the labels, and is off at 0', async () => {
    const before = (await store.listModels()).length;
    const scheduler = new RetrainScheduler(store, trainer, silent, { after: 5 });
    await scheduler.runJob();
    expect((await store.listModels()).length).toBe(before);
    await correct(10, 20);
    const off = new RetrainScheduler(store, trainer, silent, { after: 0 });
    expect(await off.check()).toBe(false);
    expect(await store.claimJob([RETRAIN_JOB], 'probe', 60_000)).toBeNull();
  });

  it('does not reschedule a retraining that failed for good until `after` more labels arrived since the failure', async () => {
    const scheduler = new RetrainScheduler(store, trainer, silent, { after: 5 });
    // Enough labels since the newest model (the 10 corrections above)…
    expect((await scheduler.labelsSinceModel()).labels).toBeGreaterThanOrEqual(5);
    // …but the last retraining used up its attempts after them.
    const id = await store.enqueueJob(RETRAIN_JOB, {}, { dedupeKey: RETRAIN_JOB, maxAttempts: 1 });
    expect((await store.claimJob([RETRAIN_JOB], 'probe', 60_000))?.id).toBe(id);
    await store.failJob(id, 'TRAINING_DATA_INSUFFICIENT: row 1 has an empty text');
    expect((await store.getJob(id))?.status).toBe('failed');
    expect(await store.lastJobFailure(RETRAIN_JOB)).not.toBeNull();
    expect(await scheduler.check()).toBe(false);
    await correct(4, 40);
    expect(await scheduler.check()).toBe(false);
    await correct(1, 44);
    expect(await scheduler.check()).toBe(true);
  });

  it('hands a running retraining back at once when it stops, ending the training', async () => {
    let aborted = false;
    const slow = {
      train: (signal?: AbortSignal) =>
        new Promise<never>((_resolve, reject) => {
          signal?.addEventListener(
            'abort',
            () => {
              aborted = true;
              reject(new Error('aborted by stop'));
            },
            { once: true },
          );
        }),
    };
    const id = await store.enqueueJob(RETRAIN_JOB, {}, { dedupeKey: RETRAIN_JOB });
    const scheduler = new RetrainScheduler(store, slow, silent, { after: 5, checkMs: 60_000, pollMs: 20 });
    scheduler.start();
    await waitFor(async () => ((await store.getJob(id))?.status === 'running' ? true : null));
    const started = Date.now();
    await scheduler.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(aborted).toBe(true);
    // The work is handed back: this job is pending again, or (when the start-up check queued its successor while it
    // ran) that successor is; either way another worker can claim it now.
    const next = await store.claimJob([RETRAIN_JOB], 'after-stop', 60_000);
    expect(next?.kind).toBe(RETRAIN_JOB);
    expect((await store.getJob(id))?.status).not.toBe('done');
  });
});
