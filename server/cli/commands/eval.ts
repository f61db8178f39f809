import type { Command } from 'commander';
import type { LabelledText } from '../data-files.ts';
import { CliError } from '../errors.ts';
import { EVAL_REPORT_FIELDS, evaluateModel, type EvalReport } from '../evaluate-model.ts';
import { progress } from '../progress.ts';
import { DEFAULT_TAXONOMY, loadTaxonomyFile } from '../taxonomy-file.ts';
import { parseSeed, readTrainingData } from '../training-data.ts';

interface EvalCommandOptions {
  train: string;
  test: string;
  val?: string;
  oosLabel?: string;
  threshold?: string;
  taxonomy?: string;
  textColumn: string;
  labelColumn: string;
  format?: string;
  seed: string;
  holdoutLabels?: string;
  baseline?: boolean;
  json?: boolean;
}

/**
 * `triage eval --train FILE --test FILE [--val FILE] [--oos-label oos] [--holdout-labels 0.25] [--json]`: trains, then
 * scores on test.
 */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'train the local model on --train and score it on --test: accuracy, macro-F1, coverage/precision at the auto threshold, speed, out-of-scope',
    )
    .requiredOption('--train <file>', 'labelled training data (.csv text,label or .jsonl)')
    .requiredOption('--test <file>', 'labelled test data')
    .option('--val <file>', 'validation data: picks the out-of-scope threshold (else the served rule is scored)')
    .option(
      '--oos-label <label>',
      "label of out-of-scope rows: dropped from training; caught when the served decision sends them to review, or with --val by a threshold on the model's in-scope score picked there",
    )
    .option(
      '--holdout-labels <share>',
      'remove this share of the labels (seeded by --seed) from training and count their test rows as out of scope',
    )
    .option(
      '--baseline',
      'also train and score a tuned TF-IDF + logistic-regression baseline on the same rows, for comparison',
    )
    .option('--threshold <x>', "auto-apply threshold (default: the taxonomy's thresholds.auto)")
    .option('--taxonomy <file>', `taxonomy giving the default auto threshold (default ${DEFAULT_TAXONOMY})`)
    .option('--text-column <name>', 'text column', 'text')
    .option('--label-column <name>', 'label column', 'label')
    .option('--format <format>', 'csv or jsonl (default: from each file extension)')
    .option('--seed <n>', 'random seed', '1')
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText('after', reportFieldsHelp())
    .action((options: EvalCommandOptions) => {
      const seed = parseSeed(options.seed);
      const thresholds = loadTaxonomyFile(options.taxonomy ?? DEFAULT_TAXONOMY).thresholds;
      const autoThreshold = options.threshold !== undefined ? parseThreshold(options.threshold) : thresholds.auto;
      const holdoutLabels = options.holdoutLabels !== undefined ? parseHoldoutShare(options.holdoutLabels) : undefined;
      const read = (path: string): LabelledText[] =>
        readTrainingData(path, {
          textColumn: options.textColumn,
          labelColumn: options.labelColumn,
          format: options.format,
        }).rows;
      const report = evaluateModel({
        trainPath: options.train,
        train: read(options.train),
        test: read(options.test),
        ...(options.val !== undefined ? { validation: read(options.val) } : {}),
        ...(options.oosLabel !== undefined ? { oosLabel: options.oosLabel } : {}),
        autoThreshold,
        thresholds,
        ...(holdoutLabels !== undefined ? { holdoutLabels } : {}),
        ...(options.baseline ? { baseline: true } : {}),
        seed,
        onProgress: (message) => progress(`eval: ${message}`),
      });
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatTable(report));
    });
}

function parseThreshold(value: string): number {
  const threshold = Number(value);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
    throw new CliError('BAD_THRESHOLD', `--threshold must be a number between 0 and 1, got "${value}"`);
  return threshold;
}

function parseHoldoutShare(value: string): number {
  const share = Number(value);
  if (!Number.isFinite(share) || share <= 0 || share >= 1)
    throw new CliError(
      'BAD_HOLDOUT_SHARE',
      `--holdout-labels must be a share between 0 and 1 (exclusive), got "${value}"`,
    );
  return share;
}

/** The report's fields and what each means, below the options of `triage eval --help`. */
export function reportFieldsHelp(): string {
  const width = Math.max(...Object.keys(EVAL_REPORT_FIELDS).map((name) => name.length)) + 2;
  const lines = Object.entries(EVAL_REPORT_FIELDS).map(([name, meaning]) => `  ${name.padEnd(width)}${meaning}`);
  return `\nReport fields (the table, or the keys of --json):\n${lines.join('\n')}\n`;
}

function formatTable(report: EvalReport): string {
  return `${Object.entries(report)
    .map(([name, value]) => `${name.padEnd(20)}${String(value).padStart(12)}`)
    .join('\n')}\n`;
}
