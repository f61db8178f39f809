import { removeRunFolders } from './once-per-run.ts';

/** Vitest's global setup: nothing to start; at the end of the run, what the test files made once for it goes. */
export default function setup(): () => void {
  return () => {
    const run = process.env.TRIAGE_TEST_RUN;
    if (run) removeRunFolders(run);
  };
}
