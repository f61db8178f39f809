import { MemoryStore } from '../support/memory-store.ts';
import { sameStore, storeContract } from './store-contract.ts';

// The double the route and runtime tests use honours the same contract as the SQL store.
let shared: MemoryStore | null = null;

storeContract('the in-memory test double', {
  async open() {
    shared = new MemoryStore();
    return shared;
  },
  // One process holds the data: "another instance" is the same store.
  async openSibling() {
    return sameStore(shared!);
  },
  async openDisposable() {
    return new MemoryStore();
  },
  async cleanup() {
    shared = null;
  },
});
