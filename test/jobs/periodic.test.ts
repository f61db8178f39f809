import { describe, expect, it } from 'vitest';
import { Periodic } from '../../server/jobs/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Periodic', () => {
  it('runs one task at a time, reports failures, and stop() waits for the run in flight', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    const errors: unknown[] = [];
    const periodic = new Periodic(
      async () => {
        running++;
        most = Math.max(most, running);
        runs++;
        await sleep(30);
        running--;
        finished++;
        if (runs === 1) throw new Error('first run fails');
      },
      (error) => errors.push(error),
    );
    periodic.start(5, { immediately: true });
    await sleep(100);
    await periodic.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(runs);
    expect(errors).toHaveLength(1);
    const after = runs;
    await sleep(30);
    expect(runs).toBe(after);
  });
});
