import { performance } from 'node:perf_hooks';
import type { Resident, TenantDirectory, TenantDirectoryStats } from './tenant-directory.ts';

export interface LoadReport {
  /** Seconds each installation's first `acquire` took (load included), in the order given. */
  readonly seconds: readonly number[];
  /** The directory after the last one: residency within the budget, loads, evictions. */
  readonly stats: TenantDirectoryStats;
}

/**
 * Bench hook: creates the contexts of `installations` on demand through the directory, as first requests would
 * (`concurrency` at a time), and reports how long each took. Loads beyond the budget evict as in serving.
 */
export async function loadInstallations<T extends Resident>(
  directory: TenantDirectory<T>,
  installations: readonly string[],
  options: { concurrency?: number } = {},
): Promise<LoadReport> {
  const seconds = new Array<number>(installations.length).fill(0);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < installations.length; index = next++) {
      const started = performance.now();
      await directory.get(installations[index]!);
      seconds[index] = (performance.now() - started) / 1000;
    }
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  await Promise.all(Array.from({ length: Math.min(concurrency, installations.length) }, worker));
  return { seconds, stats: directory.stats() };
}
