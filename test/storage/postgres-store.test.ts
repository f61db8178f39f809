import { createStore, type Store } from '../../server/storage/index.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.ts';
import { storeContract } from './store-contract.ts';

let database: TestDatabase | null = null;
const open = async (): Promise<Store> => createStore({ databaseUrl: database!.url, dataDir: 'unused', poolSize: 4 });

storeContract(
  'PostgreSQL',
  postgresAvailable
    ? {
        async open() {
          database = await createTestDatabase();
          return open();
        },
        openSibling: open,
        openDisposable: open,
        async cleanup() {
          await database?.drop();
        },
      }
    : null,
);
