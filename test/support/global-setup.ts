import type { TestProject } from 'vitest/node';
import { removeRunFolders, removeStaleRunFolders } from './once-per-run.ts';

/**
 * Vitest's global setup: nothing to start. What the test files made once for the run (test/support/once-per-run.ts:
 * the app build, the demo folder) goes at the end of it, and before each rerun in watch mode, where the run id stays
 * the same and would otherwise hand the rerun a build from before the edit. Folders of runs killed long ago go too.
 */
export default function setup(project: TestProject): () => void {
  const run = process.env.TRIAGE_TEST_RUN;
  removeStaleRunFolders();
  project.onTestsRerun(() => {
    if (run) removeRunFolders(run);
  });
  return () => {
    if (run) removeRunFolders(run);
  };
}
