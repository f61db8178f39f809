import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { LabelledExample } from '../../../src/report/index.ts';
import { ApiError } from '../../errors.ts';
import { fitInThread, readinessPage, REPORT_FOLDS, type FeedbackSource } from '../../report/index.ts';
import { CliError } from '../errors.ts';
import { INSTALLATION_OPTION, installationStore, openStore, withStoreLocation } from '../open-store.ts';
import { progress } from '../progress.ts';
import { DEFAULT_TAXONOMY, loadTaxonomyFile } from '../taxonomy-file.ts';
import { parseSeed, readTrainingData } from '../training-data.ts';

interface ReportCommandOptions {
  data?: string;
  fromStore?: boolean;
  installation?: string;
  dataDir: string;
  databaseUrl?: string;
  out: string;
  chartsDir?: string;
  taxonomy?: string;
  folds: string;
  seed: string;
  textColumn: string;
  labelColumn: string;
  format?: string;
  json?: boolean;
}

/**
 * `triage report --data FILE | --from-store --out report.html`: the readiness report (held-out scores by the served
 * rule, bands, curves, confusion, agreement) as one self-contained HTML page.
 */
export function registerReport(program: Command): void {
  withStoreLocation(
    program
      .command('report')
      .description(
        'write the readiness report: cross-validated per-label scores, auto/draft/review bands, coverage and reliability charts, confused pairs, agent agreement',
      )
      .requiredOption('--out <file>', 'HTML file to write (self-contained, opens offline)')
      .option('--data <file>', 'labelled tickets: .jsonl tickets (redacted first) or .csv text,label')
      .option('--from-store', "the server's labelled tickets and agents' feedback instead of --data")
      .option(...INSTALLATION_OPTION),
  )
    .option(
      '--taxonomy <file>',
      `taxonomy giving labels, rules and thresholds (default ${DEFAULT_TAXONOMY}; an installation with a taxonomy of its own: pass it, from triage installations taxonomy SUBDOMAIN --show)`,
    )
    .option('--folds <n>', 'cross-validation folds', String(REPORT_FOLDS))
    .option('--seed <n>', 'random seed of each fold’s training', '1')
    .option('--charts-dir <dir>', 'also write each chart as an SVG file into this folder')
    .option('--text-column <name>', 'text column (CSV)', 'text')
    .option('--label-column <name>', 'label column (CSV)', 'label')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .option('--json', 'print the report data as JSON on stdout')
    .action(async (options: ReportCommandOptions) => {
      if ((options.data === undefined) === (options.fromStore !== true))
        throw new CliError('BAD_OPTION', 'give either --data FILE or --from-store');
      const folds = Number(options.folds);
      if (!Number.isInteger(folds) || folds < 2 || folds > 20)
        throw new CliError('BAD_OPTION', `--folds must be a whole number from 2 to 20, got "${options.folds}"`);
      const seed = parseSeed(options.seed);
      const taxonomy = loadTaxonomyFile(options.taxonomy ?? DEFAULT_TAXONOMY);
      const build = async (rows: readonly LabelledExample[], source: string, feedback: FeedbackSource | null) => {
        try {
          return await readinessPage({
            taxonomy,
            rows,
            fit: fitInThread(seed),
            feedback,
            now: new Date(),
            source,
            folds,
            onProgress: (message) => progress(`report: ${message}`),
          });
        } catch (error) {
          if (error instanceof ApiError && error.status < 500)
            throw new CliError(error.code, `${source}: ${error.message}`, { cause: error });
          throw error;
        }
      };
      let page: Awaited<ReturnType<typeof build>>;
      if (options.data !== undefined) {
        const data = readTrainingData(options.data, {
          textColumn: options.textColumn,
          labelColumn: options.labelColumn,
          format: options.format,
        });
        page = await build(data.rows, options.data, null);
      } else {
        const store = await openStore(
          { dataDir: options.dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) },
          { mustExist: true },
        );
        try {
          const scoped = await installationStore(store, options.installation);
          page = await build(
            await scoped.labelledTickets(),
            `installation ${options.installation ?? 'default'}`,
            scoped,
          );
        } finally {
          await store.close();
        }
      }
      write(options.out, page.html);
      if (options.chartsDir !== undefined) {
        mkdirSync(options.chartsDir, { recursive: true });
        for (const chart of page.charts) write(join(options.chartsDir, `${chart.id}.svg`), chart.svg);
      }
      progress(`report: wrote ${options.out} (${page.report.rows} held-out tickets)`);
      const auto = page.report.bands.find((band) => band.decision === 'auto')!;
      const summary = {
        out: options.out,
        rows: page.report.rows,
        accuracy: page.report.accuracy,
        autoShare: auto.share,
        autoPrecision: auto.precision,
        trustAuto: page.report.verdict.trustAuto,
      };
      process.stdout.write(`${JSON.stringify(options.json ? page.report : summary)}\n`);
    });
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError('WRITE_FAILED', `could not write ${path}`, { cause: error });
  }
}
