import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** What the slowest files do: start the CLI or the server in a child process, or a browser. */
const STARTS_A_PROCESS = /\b(runCli|startServerProcess|startServer|startPreviewE2E|launchBrowser|spawn)\(/;

/**
 * Vitest's own order (longest first from its cache; on a fresh checkout, as on CI, with no cache, largest file first),
 * with the files that start processes moved ahead: with two workers, a minute-long file started last would finish
 * alone long after the rest.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = sorted.filter((file) => STARTS_A_PROCESS.test(readFileSync(file.moduleId, 'utf8')));
    return [...slow, ...sorted.filter((file) => !slow.includes(file))];
  }
}
