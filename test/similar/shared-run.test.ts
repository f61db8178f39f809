import { describe, expect, it } from 'vitest';
import { SharedRun } from '../../server/similar/shared-run.ts';

describe('SharedRun', () => {
  it('gives callers during a run the same run, and starts a fresh one after it settles, failed or not', async () => {
    let started = 0;
    let finish: (() => void) | null = null;
    let failNext = false;
    const shared = new SharedRun(() => {
      started++;
      if (failNext) return Promise.reject(new Error('boom'));
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const first = shared.run();
    const second = shared.run();
    expect(second).toBe(first);
    expect(started).toBe(1);
    finish!();
    await first;
    failNext = true;
    await expect(shared.run()).rejects.toThrow('boom');
    await shared.settled();
    failNext = false;
    void shared.run();
    expect(started).toBe(3);
  });

  it('settles for shutdown without throwing, with or without a run in flight', async () => {
    const failing = new SharedRun(() => Promise.reject(new Error('down')));
    await failing.settled();
    const run = failing.run();
    await expect(failing.settled()).resolves.toBeUndefined();
    await expect(run).rejects.toThrow('down');
  });
});
