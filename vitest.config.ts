import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/support/slow-first-sequencer.ts';

const run = (process.env.TRIAGE_TEST_RUN ??= randomUUID());

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
    // One id per run: what test files make once between them (test/support/once-per-run.ts) is keyed on it, and the
    // global teardown removes it.
    env: { TRIAGE_TEST_RUN: run },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
