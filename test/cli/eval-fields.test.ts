import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVAL_REPORT_FIELDS, evaluateModel } from '../../server/cli/evaluate-model.ts';
import { reportFieldsHelp } from '../../server/cli/commands/eval.ts';
import { MULTILINGUAL_CHECKS, MULTILINGUAL_ROWS } from '../model/multilingual-rows.ts';

const rows = MULTILINGUAL_ROWS.map((row, index) => ({ id: String(index + 1), text: row.text, label: row.label }));
const oosRows = [
  { id: 'oos-1', text: 'what is the weather on mars', label: 'oos' },
  { id: 'oos-2', text: 'play some jazz music', label: 'oos' },
];
const test = [
  ...MULTILINGUAL_CHECKS.map(([text, label], index) => ({ id: `check-${index}`, text, label })),
  ...oosRows,
];

describe('triage eval report fields', () => {
  it('explains in --help every field a report with --oos-label and --holdout-labels prints', () => {
    const report = evaluateModel({
      trainPath: 'train.csv',
      train: rows,
      test,
      validation: test,
      oosLabel: 'oos',
      holdoutLabels: 0.25,
      baseline: true,
      autoThreshold: 0.85,
      seed: 1,
    });
    const help = reportFieldsHelp();
    for (const field of Object.keys(report)) {
      expect(help).toMatch(new RegExp(`^  ${field} +\\S`, 'm'));
      expect(help).toContain(EVAL_REPORT_FIELDS[field as keyof typeof EVAL_REPORT_FIELDS]);
    }
    expect(Object.keys(EVAL_REPORT_FIELDS)).toEqual(Object.keys(report));
  });

  it('are explained in the README with the same words as in --help', () => {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('### What `triage eval` reports');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const table = section.split('\n').filter((line) => line.startsWith('| `'));
    expect(table).toEqual(Object.entries(EVAL_REPORT_FIELDS).map(([name, meaning]) => `| \`${name}\` | ${meaning} |`));
  });
});
