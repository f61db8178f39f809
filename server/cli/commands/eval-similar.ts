import type { Command } from 'commander';
import { evaluateSimilarTickets, RETRIEVAL_DEPTH, type SimilarEvaluation } from '../../../src/evaluate/index.ts';
import { CliError } from '../errors.ts';
import { readLabelledFile } from '../data-files.ts';
import { progress } from '../progress.ts';

interface EvalSimilarOptions {
  train: string;
  test: string;
  limit?: string;
  textColumn: string;
  labelColumn: string;
  format?: string;
  json?: boolean;
}

/** `triage eval-similar --train FILE --test FILE [--limit N] --json`: similar-ticket retrieval, product vs BM25. */
export function registerEvalSimilar(program: Command): void {
  program
    .command('eval-similar')
    .description(
      `score similar-ticket search on labelled data: each test text searches the train texts (relevant = same label); ` +
        `precision@1, precision@5 and MRR (top ${RETRIEVAL_DEPTH}) for the product's ranker and a plain BM25 baseline, plus query latency`,
    )
    .requiredOption('--train <file>', 'labelled tickets to search: CSV (text,label) or JSONL')
    .requiredOption('--test <file>', 'labelled queries: CSV (text,label) or JSONL')
    .option('--limit <n>', 'use only the first N test rows (a quick run)')
    .option('--text-column <name>', 'text column (CSV) or field (JSONL)', 'text')
    .option('--label-column <name>', 'label column (CSV) or field (JSONL)', 'label')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .option('--json', 'print one JSON object instead of a table')
    .action((options: EvalSimilarOptions) => {
      const limit = options.limit === undefined ? Infinity : positiveInteger('--limit', options.limit);
      const read = { textColumn: options.textColumn, labelColumn: options.labelColumn, format: options.format };
      const train = readLabelledFile(options.train, read);
      const test = readLabelledFile(options.test, read).slice(0, limit);
      progress(`eval-similar: indexing ${train.length} tickets, ${test.length} queries…`);
      const evaluation = evaluateSimilarTickets(train, test, () => performance.now());
      const output = {
        ...withoutQueries(evaluation.product),
        baseline: withoutQueries(evaluation.baseline),
        queries: evaluation.product.queries,
        trainTickets: train.length,
        buildMillis: evaluation.buildMillis,
        queryMillisP50: evaluation.queryMillisP50,
        queryMillisP95: evaluation.queryMillisP95,
      };
      process.stdout.write(options.json ? `${JSON.stringify(output, null, 2)}\n` : formatTable(evaluation));
    });
}

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new CliError('BAD_OPTION', `${name} must be a whole number ≥ 1, got "${value}"`);
  return parsed;
}

function withoutQueries(scores: { precisionAt1: number; precisionAt5: number; mrr: number }): {
  precisionAt1: number;
  precisionAt5: number;
  mrr: number;
} {
  return { precisionAt1: scores.precisionAt1, precisionAt5: scores.precisionAt5, mrr: scores.mrr };
}

function formatTable(evaluation: SimilarEvaluation): string {
  const row = (name: string, scores: { precisionAt1: number; precisionAt5: number; mrr: number }): string =>
    `${name.padEnd(16)}${scores.precisionAt1.toFixed(4).padStart(8)}${scores.precisionAt5.toFixed(4).padStart(8)}${scores.mrr.toFixed(4).padStart(8)}\n`;
  return (
    `${'ranker'.padEnd(16)}${'P@1'.padStart(8)}${'P@5'.padStart(8)}${'MRR'.padStart(8)}\n` +
    row('product', evaluation.product) +
    row('BM25 baseline', evaluation.baseline) +
    `queries ${evaluation.product.queries}, query p50 ${evaluation.queryMillisP50} ms, p95 ${evaluation.queryMillisP95} ms\n`
  );
}
