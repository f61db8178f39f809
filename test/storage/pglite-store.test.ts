import { createStore, type Store } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { sameStore, storeContract } from './store-contract.ts';

const folders: Array<{ remove(): void }> = [];
let shared: Store | null = null;

storeContract('PGlite', {
  async open() {
    const folder = await freshPgliteDir();
    folders.push(folder);
    shared = await createStore({ dataDir: folder.dir });
    return shared;
  },
  async openSibling() {
    // PGlite allows one open store per folder, so "another instance" is the same store here.
    return sameStore(shared!);
  },
  async openDisposable() {
    const folder = await freshPgliteDir();
    folders.push(folder);
    return createStore({ dataDir: folder.dir });
  },
  async cleanup() {
    for (const folder of folders) folder.remove();
  },
});
