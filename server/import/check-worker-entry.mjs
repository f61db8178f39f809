// Worker threads do not inherit a TypeScript loader in every runner (vitest, plain node): load the
// worker body through tsx's scoped loader, whatever started the main thread.
import { tsImport } from 'tsx/esm/api';

await tsImport('./check-worker.ts', import.meta.url);
