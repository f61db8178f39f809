// Worker-thread entry: loads the TypeScript worker through tsx's API (worker threads do not inherit loader hooks).
import { tsImport } from 'tsx/esm/api';

await tsImport('./train-worker.ts', import.meta.url);
