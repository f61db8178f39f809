import { createStore, type Store } from '../../server/storage/index.ts';
import {
  createAppRole,
  createTestDatabase,
  postgresAvailable,
  type AppRole,
  type TestDatabase,
} from '../support/postgres.ts';
import { storeContract } from './store-contract.ts';

let database: TestDatabase | null = null;
// As a role that row-level security binds (not a superuser): every statement of the contract runs under the policies.
let role: AppRole | null = null;
const open = async (): Promise<Store> => createStore({ databaseUrl: role!.url, dataDir: 'unused', poolSize: 4 });

storeContract(
  'PostgreSQL',
  postgresAvailable
    ? {
        async open() {
          database = await createTestDatabase();
          role = await createAppRole(database);
          return open();
        },
        openSibling: open,
        openDisposable: open,
        async cleanup() {
          await database?.drop();
          await role?.drop();
        },
      }
    : null,
);
