import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { LabelledTicket, safeText } from '../../src/contract/index.ts';
import { CliError } from './errors.ts';

export interface LabelledText {
  /** Ticket id when the file has one (JSONL tickets), else the 1-based row number. */
  id: string;
  text: string;
  label: string;
  urgency?: string;
  /** ISO date when the file carries one: enables a time-based split. */
  createdAt?: string;
}

export interface ReadOptions {
  textColumn?: string;
  labelColumn?: string;
  /** `csv` or `jsonl`; inferred from the extension when absent. */
  format?: string;
}

export type DataFormat = 'csv' | 'jsonl';

export function detectFormat(path: string, format?: string): DataFormat {
  const chosen = (format ?? extname(path).slice(1)).toLowerCase();
  if (chosen === 'csv') return 'csv';
  if (chosen === 'jsonl' || chosen === 'ndjson') return 'jsonl';
  throw new CliError(
    'UNKNOWN_FORMAT',
    `${path}: unknown format "${chosen || '(none)'}"; use a .csv or .jsonl file, or --format csv|jsonl`,
  );
}

export function readTextFile(path: string): string {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new CliError('FILE_NOT_FOUND', `${path}: no such file`, { cause: error });
  }
  if (!stats.isFile()) throw new CliError('NOT_A_FILE', `${path}: not a file`);
  return readFileSync(path, 'utf8');
}

/** The text a model sees for a ticket: subject, description and public comments. */
export function ticketText(ticket: {
  subject?: string;
  description?: string;
  comments?: { body: string; authorRole?: string }[];
}): string {
  const parts = [ticket.subject ?? '', ticket.description ?? ''];
  for (const comment of ticket.comments ?? []) if (comment.authorRole !== 'agent') parts.push(comment.body);
  return parts.filter((part) => part.trim().length > 0).join('\n');
}

/**
 * Reads labelled examples from CSV (`text,label` by default) or JSONL tickets (the contract's LabelledTicket,
 * or any object with the text and label columns). Empty files, missing columns and empty cells are errors.
 */
export function readLabelledFile(path: string, options: ReadOptions = {}): LabelledText[] {
  const format = detectFormat(path, options.format);
  const content = readTextFile(path);
  const textColumn = options.textColumn ?? 'text';
  const labelColumn = options.labelColumn ?? 'label';
  const rows =
    format === 'csv'
      ? readCsv(path, content, textColumn, labelColumn)
      : readJsonl(path, content, textColumn, labelColumn);
  if (rows.length === 0) throw new CliError('EMPTY_DATA', `${path}: no labelled rows`);
  return rows;
}

function readCsv(path: string, content: string, textColumn: string, labelColumn: string): LabelledText[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(content, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: false });
  } catch (error) {
    throw new CliError('BAD_CSV', `${path}: not valid CSV (${(error as Error).message.split('\n')[0]})`, {
      cause: error,
    });
  }
  if (records.length === 0) throw new CliError('EMPTY_DATA', `${path}: no rows`);
  const header = Object.keys(records[0]!);
  for (const column of [textColumn, labelColumn]) {
    if (!header.includes(column)) {
      throw new CliError(
        'MISSING_COLUMN',
        `${path}: no column "${column}" (columns: ${header.join(', ')}); choose one with --text-column / --label-column`,
      );
    }
  }
  return records.map((record, index) => {
    const text = record[textColumn]?.trim() ?? '';
    const label = record[labelColumn]?.trim() ?? '';
    if (!text || !label)
      throw new CliError('EMPTY_CELL', `${path}: row ${index + 2} has an empty ${!text ? textColumn : labelColumn}`);
    checkCells(path, `row ${index + 2}`, [
      [textColumn, text],
      [labelColumn, label],
    ]);
    const row: LabelledText = { id: String(index + 1), text, label };
    if (record.created_at) row.createdAt = record.created_at;
    if (record.urgency) row.urgency = record.urgency;
    return row;
  });
}

const LooseObject = z.record(z.string(), z.unknown());

function readJsonl(path: string, content: string, textColumn: string, labelColumn: string): LabelledText[] {
  const rows: LabelledText[] = [];
  const lines = content.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CliError('BAD_JSONL', `${path}: line ${index + 1} is not valid JSON`, { cause: error });
    }
    const ticket = LabelledTicket.safeParse(value);
    if (ticket.success) {
      const text = ticketText(ticket.data);
      if (!text) throw new CliError('EMPTY_CELL', `${path}: line ${index + 1} has no text`);
      const row: LabelledText = { id: ticket.data.id, text, label: ticket.data.label };
      if (ticket.data.urgency) row.urgency = ticket.data.urgency;
      if (ticket.data.createdAt) row.createdAt = ticket.data.createdAt;
      rows.push(row);
      return;
    }
    const object = LooseObject.safeParse(value);
    const text = object.success ? object.data[textColumn] : undefined;
    const label = object.success ? object.data[labelColumn] : undefined;
    if (typeof text !== 'string' || typeof label !== 'string' || !text.trim() || !label.trim()) {
      // Without the text column the line was meant as a ticket: say what is wrong with it.
      const issue = ticket.error.issues[0];
      if (object.success && !(textColumn in object.data) && issue) {
        throw new CliError(
          'BAD_TICKET',
          `${path}: line ${index + 1} is not a labelled ticket: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
        );
      }
      throw new CliError(
        'MISSING_COLUMN',
        `${path}: line ${index + 1} is neither a labelled ticket nor an object with string "${textColumn}" and "${labelColumn}"`,
      );
    }
    checkCells(path, `line ${index + 1}`, [
      [textColumn, text],
      [labelColumn, label],
    ]);
    rows.push({ id: String(index + 1), text: text.trim(), label: label.trim() });
  });
  return rows;
}

const Cell = safeText();

/** The same text rule as the API and the importer: no NUL, no lone surrogate (the message names the cell, not its value). */
function checkCells(path: string, where: string, cells: readonly [column: string, value: string][]): void {
  for (const [column, value] of cells) {
    const checked = Cell.safeParse(value);
    if (!checked.success)
      throw new CliError(
        'BAD_TEXT',
        `${path}: ${where} ${column}: ${checked.error.issues[0]?.message ?? 'invalid text'}`,
      );
  }
}
