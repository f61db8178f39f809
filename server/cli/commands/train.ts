import type { Command } from 'commander';
import { progress } from '../progress.ts';
import { writeModelFile } from '../model-file.ts';
import { DEFAULT_TAXONOMY, loadTaxonomyFile } from '../taxonomy-file.ts';
import { checkLabelsInTaxonomy, parseSeed, readTrainingData, trainOrFail } from '../training-data.ts';

interface TrainCommandOptions {
  data: string;
  out: string;
  textColumn: string;
  labelColumn: string;
  format?: string;
  taxonomy?: string;
  seed: string;
  version?: string;
}

/** `triage train --data FILE --out MODEL`: trains the local model on CSV (text,label) or JSONL tickets. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train the local model from labelled CSV (text,label) or JSONL tickets (redacted before training) and write it as JSON',
    )
    .requiredOption('--data <file>', 'labelled data: .csv with text and label columns, or .jsonl tickets')
    .requiredOption('--out <file>', 'model file to write')
    .option('--text-column <name>', 'text column (CSV or plain JSONL objects)', 'text')
    .option('--label-column <name>', 'label column (CSV or plain JSONL objects)', 'label')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .option(
      '--taxonomy <file>',
      `labels must be in this taxonomy (always checked for JSONL tickets, default ${DEFAULT_TAXONOMY})`,
    )
    .option('--seed <n>', 'random seed: the same data and seed give the same model', '1')
    .option('--version <name>', 'model version to record (default: local-<training time>)')
    .action((options: TrainCommandOptions) => {
      const seed = parseSeed(options.seed);
      const data = readTrainingData(options.data, {
        textColumn: options.textColumn,
        labelColumn: options.labelColumn,
        format: options.format,
      });
      if (data.tickets || options.taxonomy) {
        const taxonomyPath = options.taxonomy ?? DEFAULT_TAXONOMY;
        checkLabelsInTaxonomy(options.data, data.rows, loadTaxonomyFile(taxonomyPath), taxonomyPath);
      }
      progress(`train: ${data.rows.length} rows from ${options.data}${data.tickets ? ' (tickets, redacted)' : ''}`);
      const model = trainOrFail(options.data, data.rows, {
        seed,
        version: options.version,
        onProgress: (message) => progress(`train: ${message}`),
      });
      const bytes = writeModelFile(options.out, model);
      progress(`train: wrote ${options.out} (${(bytes / 1e6).toFixed(1)} MB)`);
      const summary = {
        model: options.out,
        version: model.version,
        trainedAt: model.trainedAt,
        labels: model.labels,
        urgencyLevels: model.urgencyLevels,
        metrics: model.metrics,
        bytes,
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    });
}
