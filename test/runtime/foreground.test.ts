import { describe, expect, it } from 'vitest';
import { Foreground } from '../../server/runtime/foreground.ts';
import { buildApp } from '../../server/http/app.ts';
import { ADMIN_TOKEN, SHARED_SECRET } from '../support/http.ts';
import { testRuntime } from '../support/test-runtime.ts';

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  // Two turns of the event loop: quiet() takes one before it looks.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('Foreground: background work waits for requests in flight', () => {
  it('lets background work through on the next turn when nothing is in flight', async () => {
    expect(await settled(new Foreground().quiet(60_000))).toBe(true);
  });

  it('holds background work while a request is in flight and lets it go when the last one leaves', async () => {
    const foreground = new Foreground();
    const first = foreground.enter();
    const second = foreground.enter();
    const waiting = foreground.quiet(60_000);
    expect(await settled(waiting)).toBe(false);
    first();
    first(); // leaving twice counts once
    expect(foreground.inFlight).toBe(1);
    expect(await settled(waiting)).toBe(false);
    second();
    expect(foreground.inFlight).toBe(0);
    expect(await settled(waiting)).toBe(true);
  });

  it('never starves background work: it goes after the longest wait however busy it is', async () => {
    const foreground = new Foreground();
    foreground.enter();
    const started = performance.now();
    await foreground.quiet(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(foreground.inFlight).toBe(1);
  });
});

describe('buildApp with a Foreground', () => {
  it('counts a request from arrival until its response is sent', async () => {
    const foreground = new Foreground();
    const seen: number[] = [];
    const app = buildApp(testRuntime(), {
      sharedSecret: SHARED_SECRET,
      adminToken: ADMIN_TOKEN,
      rateLimit: { perSecond: 100, burst: 100 },
      foreground,
      plugins: [
        async (scope) => {
          scope.get('/probe', async () => {
            seen.push(foreground.inFlight);
            return { ok: true };
          });
        },
      ],
    });
    try {
      await app.ready();
      expect((await app.inject({ method: 'GET', url: '/probe' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(seen).toEqual([1]);
      expect(foreground.inFlight).toBe(0);
    } finally {
      await app.close();
    }
  });
});
