import type { Command } from 'commander';
import {
  evaluateRedaction,
  PresidioDataset,
  type RedactionEvaluation,
} from '../../../src/evaluate/redaction-metrics.ts';
import { CliError } from '../errors.ts';
import { readTextFile } from '../data-files.ts';

/** `triage eval-redaction --data FILE [--json]`: span-level precision, recall and F2 on the Presidio synthetic format. */
export function registerEvalRedaction(program: Command): void {
  program
    .command('eval-redaction')
    .description(
      'score redaction on a Presidio synthetic PII file (full_text + spans): span-level precision, recall, F2 per type',
    )
    .requiredOption(
      '--data <file>',
      'JSON file: [{full_text, spans[{entity_type, entity_value, start_position, end_position}]}]',
    )
    .option('--json', 'print JSON {overall, perType} instead of a table')
    .action((options: { data: string; json?: boolean }) => {
      const samples = loadDataset(options.data);
      const evaluation = evaluateRedaction(samples);
      process.stdout.write(options.json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatTable(evaluation));
    });
}

function loadDataset(path: string): PresidioDataset {
  const text = readTextFile(path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError('NOT_JSON', `${path} is not valid JSON`);
  }
  const parsed = PresidioDataset.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new CliError(
      'BAD_DATASET',
      `${path} is not in the Presidio synthetic format: at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

function formatTable(evaluation: RedactionEvaluation): string {
  const row = (name: string, precision: number, recall: number, f2: number, support: string): string =>
    `${name.padEnd(20)}${precision.toFixed(3).padStart(10)}${recall.toFixed(3).padStart(10)}${f2.toFixed(3).padStart(10)}${support.padStart(10)}\n`;
  let output = `${'type'.padEnd(20)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F2'.padStart(10)}${'support'.padStart(10)}\n`;
  for (const [type, scores] of Object.entries(evaluation.perType)) {
    output += row(type, scores.precision, scores.recall, scores.f2, String(scores.support));
  }
  const { precision, recall, f2 } = evaluation.overall;
  return output + row('overall (redacted)', precision, recall, f2, '');
}
