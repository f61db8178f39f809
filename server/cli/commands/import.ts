import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseTaxonomy, TaxonomyError } from '../../../src/taxonomy/index.ts';
import { defaultImportWorkers, importTickets, readLines } from '../../import/index.ts';
import { readTextFile } from '../data-files.ts';
import { CliError } from '../errors.ts';
import { INSTALLATION_OPTION, installationStore, openStore } from '../open-store.ts';
import { StorageUnavailableError } from '../../storage/index.ts';
import { DEFAULT_INSTALLATION_ID } from '../../storage/store.ts';
import { progress } from '../progress.ts';
import { importFromZendesk } from './import-zendesk.ts';
import { registryOf } from './installations.ts';
import { ApiError } from '../../errors.ts';
import type { Store } from '../../storage/index.ts';
import type { ZendeskConnection } from '../../config/index.ts';

const DEFAULT_TAXONOMY = fileURLToPath(new URL('../../../config/taxonomy.yaml', import.meta.url));

interface ImportCommandOptions {
  data?: string;
  fromZendesk?: boolean;
  dataDir: string;
  databaseUrl?: string;
  taxonomy: string;
  batchSize: string;
  workers?: string;
  installation?: string;
}

/**
 * `triage import --data FILE.jsonl`: redacts and stores labelled tickets; prints the report as JSON.
 * Exit 0 when every line was stored, 3 when some lines were rejected (see the report), 2 on a usage or
 * database error (one line on stderr).
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      "import labelled tickets (JSONL, one contract LabelledTicket per line) or a Zendesk account's history: redacted, then stored; safe to re-run",
    )
    .option('--data <file>', 'JSONL file of labelled tickets')
    .option('--from-zendesk', "the Zendesk account's history (ZENDESK_URL and credentials), resumable")
    .option('--data-dir <dir>', 'embedded database folder (when no database URL)', process.env.DATA_DIR ?? './data')
    .option('--database-url <url>', 'PostgreSQL connection string (default: DATABASE_URL)', process.env.DATABASE_URL)
    .option('--taxonomy <file>', 'taxonomy YAML the labels must come from', DEFAULT_TAXONOMY)
    .option(...INSTALLATION_OPTION)
    .option('--batch-size <n>', 'tickets per database write', '500')
    .option(
      '--workers <n>',
      `threads that redact lines (0 = none; default ${defaultImportWorkers()} on this machine, past 2,000 lines)`,
    )
    .action(async (options: ImportCommandOptions) => {
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
        throw new CliError(
          'BAD_OPTION',
          `--batch-size must be a whole number from 1 to 10000, got "${options.batchSize}"`,
        );
      const workers = options.workers === undefined ? undefined : Number(options.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64))
        throw new CliError('BAD_OPTION', `--workers must be a whole number from 0 to 64, got "${options.workers}"`);
      if ((options.data === undefined) === (options.fromZendesk !== true))
        throw new CliError('BAD_OPTION', 'give one source: --data FILE.jsonl or --from-zendesk');
      const data = options.data;
      if (data !== undefined) {
        let isFile: boolean;
        try {
          isFile = statSync(data).isFile();
        } catch (error) {
          throw new CliError('FILE_NOT_FOUND', `${data}: no such file`, { cause: error });
        }
        if (!isFile) throw new CliError('NOT_A_FILE', `${data}: not a file`);
      }

      let taxonomy;
      try {
        taxonomy = parseTaxonomy(readTextFile(options.taxonomy), options.taxonomy);
      } catch (error) {
        if (error instanceof TaxonomyError)
          throw new CliError(
            error.code,
            `${options.taxonomy} is not a valid taxonomy; run: triage taxonomy check ${options.taxonomy}`,
            { cause: error },
          );
        throw error;
      }

      // An import may create the embedded database (a first import before the first start).
      const store = await openStore({
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
        dataDir: options.dataDir,
      });
      try {
        const scoped = await installationStore(store, options.installation);
        if (data === undefined) {
          // ZENDESK_* are the default installation's account; a registered one's are sealed in the registry.
          const registered =
            scoped.installation === DEFAULT_INSTALLATION_ID || options.installation === undefined
              ? null
              : await registeredZendesk(store, options);
          return await importFromZendesk(scoped, taxonomy, registered);
        }
        let nextReport = 10_000;
        const report = await importTickets(scoped, readLines(data), {
          taxonomy,
          batchSize,
          workers,
          onProgress: (counts) => {
            if (counts.received < nextReport) return;
            nextReport += 10_000;
            progress(
              `import: ${counts.received} read, ${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.rejected} rejected`,
            );
          },
        });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        if (report.rejected > 0) {
          throw new CliError(
            'LINES_REJECTED',
            `${report.rejected} line(s) rejected, the rest stored (line numbers and field paths in the report)`,
            { exitCode: 3 },
          );
        }
      } catch (error) {
        if (error instanceof StorageUnavailableError)
          throw new CliError(error.code, 'lost the database during the import; run the same command again to resume', {
            cause: error,
          });
        throw error;
      } finally {
        await store.close();
      }
    });
}

/** A registered installation's Zendesk connection from the registry (opened with the master key). */
async function registeredZendesk(
  store: Store,
  options: { installation?: string; dataDir: string; databaseUrl?: string },
): Promise<{ subdomain: string; connection: ZendeskConnection | null }> {
  try {
    const { subdomain, connection } = await registryOf(store, options).zendeskBySubdomain(options.installation!);
    return { subdomain, connection };
  } catch (error) {
    if (error instanceof ApiError)
      throw new CliError(error.code, `--installation ${options.installation}: ${error.message}`, {
        cause: error,
        exitCode: error.status < 500 ? 2 : 1,
      });
    throw error;
  }
}
