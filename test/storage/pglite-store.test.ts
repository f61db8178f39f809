import { createStore, type Store } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { storeContract } from './store-contract.ts';

/** PGlite allows one open store per folder, so "another instance" is the same store here. */
function sameStore(store: Store): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'close') return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

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
