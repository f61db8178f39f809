import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresAvailable } from '../support/postgres.ts';
import { httpFuzzSuite } from './http-fuzz.ts';

httpFuzzSuite(
  'PostgreSQL',
  postgresAvailable
    ? {
        async open() {
          const database = await createTestDatabase();
          // DATA_DIR still holds generated secrets; the secrets here come from the environment, so it stays empty.
          const dataDir = mkdtempSync(join(tmpdir(), 'triage-fuzz-pg-'));
          return {
            env: { DATABASE_URL: database.url, DATA_DIR: dataDir },
            async cleanup() {
              await database.drop();
              rmSync(dataDir, { recursive: true, force: true });
            },
          };
        },
      }
    : null,
);
