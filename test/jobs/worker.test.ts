import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startWorker, type JobHandler } from '../../server/jobs/index.ts';
import { type Store } from '../../server/storage/index.ts';
import { usePgliteStore } from '../support/pglite-dir.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('job worker', () => {
  let store: Store;
  const kindOf = () => `kind-${randomUUID().slice(0, 8)}`;

  usePgliteStore((opened) => (store = opened));

  it('runs a job with its payload and marks it done', async () => {
    const kind = kindOf();
    const seen: unknown[] = [];
    const id = await store.enqueueJob(kind, { ticketId: 't-9' });
    const worker = startWorker(
      store,
      { [kind]: async (payload) => void seen.push(payload) },
      { workerId: 'w1', pollMs: 20 },
    );
    try {
      await until(async () => (await store.getJob(id))?.status === 'done');
      expect(seen).toEqual([{ ticketId: 't-9' }]);
    } finally {
      await worker.stop();
    }
  });

  it('claims only once beforeClaim lets it (background work waits for requests in flight)', async () => {
    const kind = kindOf();
    const id = await store.enqueueJob(kind, {});
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let asked = 0;
    const worker = startWorker(
      store,
      { [kind]: async () => undefined },
      {
        workerId: 'w-gated',
        pollMs: 20,
        beforeClaim: () => {
          asked++;
          return gate;
        },
      },
    );
    try {
      await until(async () => asked > 0);
      await sleep(100);
      expect((await store.getJob(id))?.status).toBe('pending');
      open();
      await until(async () => (await store.getJob(id))?.status === 'done');
    } finally {
      await worker.stop();
    }
  });

  it('records the error of a failing handler and fails the job after its attempts', async () => {
    const kind = kindOf();
    const errors: unknown[] = [];
    const id = await store.enqueueJob(kind, {}, { maxAttempts: 1 });
    const failing: JobHandler = async () => {
      throw Object.assign(new Error('model file missing'), { code: 'MODEL_MISSING' });
    };
    const worker = startWorker(
      store,
      { [kind]: failing },
      { workerId: 'w1', pollMs: 20, onError: (error) => errors.push(error) },
    );
    try {
      await until(async () => (await store.getJob(id))?.status === 'failed');
      expect((await store.getJob(id))!.lastError).toBe('MODEL_MISSING: model file missing');
      expect(errors).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it('stops promptly when idle and claims nothing afterwards', async () => {
    const kind = kindOf();
    const worker = startWorker(store, { [kind]: async () => undefined }, { workerId: 'w1', pollMs: 60_000 });
    await sleep(50);
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    const id = await store.enqueueJob(kind, {});
    await sleep(100);
    expect((await store.getJob(id))!.status).toBe('pending');
  });

  it('claims a job enqueued while idle at once when woken, not after its poll wait', async () => {
    const kind = kindOf();
    const seen: unknown[] = [];
    // A poll wait far longer than the test's own timeout: only wake() can make it run the job in time.
    const worker = startWorker(
      store,
      { [kind]: async (payload) => void seen.push(payload) },
      { workerId: 'w1', pollMs: 600_000 },
    );
    try {
      await sleep(50);
      const id = await store.enqueueJob(kind, { ticketId: 't-1' });
      worker.wake();
      await until(async () => (await store.getJob(id))?.status === 'done', 5_000);
      // A wake that arrives while a claim is in flight is kept for the next wait, so back-to-back jobs both run.
      const second = await store.enqueueJob(kind, { ticketId: 't-2' });
      worker.wake();
      await until(async () => (await store.getJob(second))?.status === 'done', 5_000);
      expect(seen).toEqual([{ ticketId: 't-1' }, { ticketId: 't-2' }]);
    } finally {
      await worker.stop();
    }
  });

  it('aborts the running job on stop and hands it back for another worker at once', async () => {
    const kind = kindOf();
    const id = await store.enqueueJob(kind, {});
    let started = false;
    const slow: JobHandler = (_payload, signal) =>
      new Promise((_resolve, reject) => {
        started = true;
        signal.addEventListener('abort', () => reject(new Error('job aborted', { cause: signal.reason })));
      });
    const worker = startWorker(store, { [kind]: slow }, { workerId: 'w1', pollMs: 20 });
    await until(async () => started);
    await worker.stop();
    expect(await store.getJob(id)).toMatchObject({ status: 'pending', lastError: 'WORKER_STOPPED' });
    expect((await store.claimJob([kind], 'w2', 60_000))!.id).toBe(id);
  });

  it('renews the lease of a long job so no other worker takes it', async () => {
    const kind = kindOf();
    const id = await store.enqueueJob(kind, {});
    let runs = 0;
    const long: JobHandler = async () => {
      runs++;
      await sleep(600);
    };
    const worker = startWorker(store, { [kind]: long }, { workerId: 'w1', pollMs: 20, leaseMs: 150 });
    try {
      await until(async () => runs === 1);
      for (let check = 0; check < 4; check++) {
        await sleep(100);
        expect(await store.claimJob([kind], 'thief', 60_000)).toBeNull();
      }
      await until(async () => (await store.getJob(id))?.status === 'done');
      expect(runs).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('runs each of many jobs exactly once across two workers', async () => {
    const kind = kindOf();
    const ran: number[] = [];
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) ids.push(await store.enqueueJob(kind, { index }));
    const handler: JobHandler = async (payload) => {
      ran.push((payload as { index: number }).index);
      await sleep(5);
    };
    const workers = [
      startWorker(store, { [kind]: handler }, { workerId: 'a', pollMs: 10 }),
      startWorker(store, { [kind]: handler }, { workerId: 'b', pollMs: 10 }),
    ];
    try {
      await until(async () =>
        (await Promise.all(ids.map((id) => store.getJob(id)))).every((job) => job?.status === 'done'),
      );
      expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });
});
