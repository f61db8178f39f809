import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/support/slow-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one fewer worker than CPUs: one on a 2-core CI machine, where most files wait on a server, a
    // CLI process, a browser or PostgreSQL. Two files at once keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFirstSequencer },
    // One id per run: what the e2e files build once between them (test/e2e/support/browser.ts) is keyed on it.
    env: { TRIAGE_TEST_RUN: randomUUID() },
  },
});
