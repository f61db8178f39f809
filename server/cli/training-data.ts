import { LabelledTicket } from '../../src/contract/index.ts';
import {
  ModelTrainingError,
  trainModel,
  type TrainedModel,
  type TrainingRow,
  type TrainOptions,
} from '../../src/model/index.ts';
import { redact, redactTicket } from '../../src/redact/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import { modelText } from '../../src/triage/index.ts';
import { detectFormat, readLabelledFile, readTextFile, type LabelledText, type ReadOptions } from './data-files.ts';
import { CliError } from './errors.ts';

export interface TrainingData {
  rows: (LabelledText & TrainingRow)[];
  /** True when the file held tickets (JSONL): their labels must come from the taxonomy. */
  tickets: boolean;
}

/**
 * Reads labelled rows for training or evaluation. CSV rows are used as they are (benchmark files, free labels);
 * JSONL lines are redacted first — tickets with redactTicket and the model text, plain objects with redact.
 */
export function readTrainingData(path: string, options: ReadOptions = {}): TrainingData {
  const rows = readLabelledFile(path, options);
  if (detectFormat(path, options.format) === 'csv') return { rows, tickets: false };
  const lines = readTextFile(path)
    .split('\n')
    .filter((line) => line.trim() !== '');
  let tickets = false;
  const redacted = rows.map((row, index) => {
    // readLabelledFile already parsed each line; this second pass only recovers the ticket shape.
    const ticket = LabelledTicket.safeParse(JSON.parse(lines[index]!));
    if (!ticket.success) return { ...row, text: redact(row.text).redacted };
    tickets = true;
    return { ...row, text: modelText(redactTicket(ticket.data).ticket) || row.text };
  });
  return { rows: redacted, tickets };
}

/** Every label (and urgency) must be one the taxonomy has; the message names the first one that is not. */
export function checkLabelsInTaxonomy(
  path: string,
  rows: readonly LabelledText[],
  taxonomy: Taxonomy,
  taxonomyPath: string,
): void {
  for (const row of rows) {
    if (!taxonomy.labelById.has(row.label)) {
      throw new CliError(
        'UNKNOWN_LABEL',
        `${path}: label "${row.label}" (row ${row.id}) is not in the taxonomy ${taxonomyPath}; add it there or fix the row`,
      );
    }
    if (row.urgency && !taxonomy.urgencyById.has(row.urgency)) {
      throw new CliError(
        'UNKNOWN_URGENCY',
        `${path}: urgency "${row.urgency}" (row ${row.id}) is not in the taxonomy ${taxonomyPath}; use one of ${taxonomy.urgencyIds.join(', ')}`,
      );
    }
  }
}

/** trainModel with its typed errors turned into one-line CLI errors. */
export function trainOrFail(path: string, rows: readonly TrainingRow[], options: TrainOptions): TrainedModel {
  try {
    return trainModel(rows, options);
  } catch (error) {
    if (error instanceof ModelTrainingError)
      throw new CliError(error.code, `${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)
    throw new CliError('BAD_OPTION', `--seed must be a whole number from 0 to 2^31, got "${value}"`);
  return seed;
}
