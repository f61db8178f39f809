import { freshPgliteDir } from '../support/pglite-dir.ts';
import { httpFuzzSuite } from './http-fuzz.ts';

httpFuzzSuite('PGlite', {
  async open() {
    const folder = await freshPgliteDir();
    return { env: { DATA_DIR: folder.dir }, cleanup: async () => folder.remove() };
  },
});
