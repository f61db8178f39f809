import type { Command } from 'commander';
import { ModelFormatError, parseModel, type TrainedModel } from '../../../src/model/index.ts';
import type { InstallationStore, ModelRecord, ModelSummary } from '../../storage/index.ts';
import { CliError } from '../errors.ts';
import { writeModelFile } from '../model-file.ts';
import {
  INSTALLATION_OPTION,
  installationStore,
  openStore,
  withStoreLocation,
  type StoreLocation,
} from '../open-store.ts';
import { progress } from '../progress.ts';
import { textTable } from '../text-table.ts';

interface LocationOptions {
  dataDir: string;
  databaseUrl?: string;
  installation?: string;
}

/**
 * `triage model list | show [VERSION] | export --out FILE [--version V]`: the models the server trained and stored,
 * and a way to take one out in the file format `triage classify --model` reads. Without a version, the serving model:
 * the newest promoted one, which is what every server instance loads.
 */
export function registerModel(program: Command): void {
  const model = program
    .command('model')
    .description(
      'the models the server trained (in its database): list them, show one, export one for triage classify --model',
    );

  withLocation(model.command('list'))
    .description('list stored model versions, newest first, with their held-out metrics and which one serves')
    .option('--json', 'print a JSON array instead of a table')
    .action((options: LocationOptions & { json?: boolean }) =>
      withStore(options, async (store) => {
        const [models, serving] = await Promise.all([store.listModels(), store.latestModel()]);
        const rows = models.map((summary) => ({ ...summary, serving: summary.version === serving?.version }));
        process.stdout.write(options.json ? `${JSON.stringify(rows)}\n` : formatList(rows));
      }),
    );

  withLocation(model.command('show'))
    .description(
      'print one model as JSON: version, date, promoted, serving, labels, held-out metrics, size (default: the serving model)',
    )
    .argument('[version]', 'a version from triage model list')
    .action((version: string | undefined, options: LocationOptions) =>
      withStore(options, async (store) => {
        const { record, trained, serving } = await findModel(store, version);
        const shown = {
          ...summaryOf(record),
          serving,
          labels: trained.labels,
          bytes: Buffer.byteLength(record.artifact),
        };
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      }),
    );

  withLocation(model.command('export'))
    .description('write a stored model (default: the serving one) to a file that triage classify --model reads')
    .requiredOption('--out <file>', 'model file to write')
    .option('--version <version>', 'a version from triage model list (default: the serving model)')
    .action((options: LocationOptions & { out: string; version?: string }) =>
      withStore(options, async (store) => {
        const { record, trained } = await findModel(store, options.version);
        const bytes = writeModelFile(options.out, trained);
        progress(`model: wrote ${record.version} to ${options.out} (${bytes} bytes)`);
        process.stdout.write(`${JSON.stringify({ version: record.version, out: options.out, bytes })}\n`);
      }),
    );
}

function withLocation(command: Command): Command {
  return withStoreLocation(command).option(...INSTALLATION_OPTION);
}

/** Runs `run` on the database scoped to `--installation` (the default installation without it). */
async function withStore(options: LocationOptions, run: (store: InstallationStore) => Promise<void>): Promise<void> {
  const location: StoreLocation = {
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  };
  const store = await openStore(location, { mustExist: true });
  try {
    await run(await installationStore(store, options.installation));
  } finally {
    await store.close();
  }
}

async function findModel(
  store: InstallationStore,
  version: string | undefined,
): Promise<{ record: ModelRecord; trained: TrainedModel; serving: boolean }> {
  const serving = await store.latestModel();
  const record = version === undefined ? serving : await store.modelByVersion(version);
  if (record === null) {
    throw new CliError(
      version === undefined ? 'NO_MODEL' : 'UNKNOWN_MODEL_VERSION',
      version === undefined
        ? 'no model is serving yet: start the server (it trains one from the stored tickets) or POST /v1/admin/train'
        : `no model "${version}" is stored; triage model list shows the versions`,
    );
  }
  try {
    return { record, trained: parseModel(record.artifact), serving: record.version === serving?.version };
  } catch (error) {
    if (error instanceof ModelFormatError)
      throw new CliError(error.code, `stored model ${record.version} cannot be read by this build: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}

function summaryOf(record: ModelRecord): ModelSummary {
  return { version: record.version, createdAt: record.createdAt, metrics: record.metrics, promoted: record.promoted };
}

function formatList(rows: ReadonlyArray<ModelSummary & { serving: boolean }>): string {
  if (rows.length === 0) return 'no models stored yet\n';
  const metric = (row: ModelSummary, name: string) =>
    row.metrics[name] === undefined ? '-' : String(row.metrics[name]);
  const table = [
    ['version', 'created', 'promoted', 'serving', 'macroF1', 'accuracy', 'trainRows'],
    ...rows.map((row) => [
      row.version,
      row.createdAt,
      row.promoted ? 'yes' : 'no',
      row.serving ? 'yes' : '',
      metric(row, 'macroF1'),
      metric(row, 'accuracy'),
      metric(row, 'trainRows'),
    ]),
  ];
  return textTable(table);
}
