import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parsePlantedNames, scorePlantedNames } from '../src/evaluate/planted-names.ts';
import { evaluateRedaction, PresidioDataset } from '../src/evaluate/redaction-metrics.ts';
import { analyze, redact } from '../src/redact/index.ts';
import { readLabelledFile } from '../server/cli/data-files.ts';
import type { BenchSection } from './section.ts';

const DATASET = 'presidio-synth-pii/synth_dataset_v2.json';

/** Span-level quality on the Presidio synthetic set, plus throughput on a 1 MB ticket and on hostile input. */
export const redactionSection: BenchSection = {
  name: 'redaction',
  title: 'PII redaction',
  async run({ datasets }) {
    const loadAtStart = loadavg()[0]!;
    const samples = PresidioDataset.parse(JSON.parse(readFileSync(join(datasets, DATASET), 'utf8')));
    const started = performance.now();
    const evaluation = evaluateRedaction(samples);
    const evalMs = performance.now() - started;
    const lines = [
      `Data: \`${DATASET}\` (${samples.length} samples). Span level, overlap match (see docs/decisions/*redaction*.md). Command: \`npm run bench -- --only redaction\` or \`npx tsx server/cli/index.ts eval-redaction --data ../shared/datasets/${DATASET}\`.`,
      '',
      '| type | precision | recall | F2 | support |',
      '|---|---|---|---|---|',
      ...Object.entries(evaluation.perType).map(
        ([type, s]) => `| ${type} | ${s.precision} | ${s.recall} | ${s.f2} | ${s.support} |`,
      ),
      `| **overall (redacted types)** | ${evaluation.overall.precision} | ${evaluation.overall.recall} | **${evaluation.overall.f2}** | |`,
      '',
      'Default Presidio on this set: precision 0.685, recall 0.603, F2 0.618.',
      '',
      `Whole data set analysed in ${evalMs.toFixed(0)} ms.`,
      '',
      cleanTextLine(join(datasets, CLEAN_TEXTS)),
      '',
      ...plantedNameLines(),
      '',
      `Times are wall clock, one run each (load average when the section started: ${loadAtStart.toFixed(1)} on ${cpus().length} cores).`,
      '',
      '| input | size | redact time |',
      '|---|---|---|',
      ...throughputRows(samples.map((sample) => sample.full_text).join('\n')),
    ];
    return lines.join('\n');
  },
};

const CLEAN_TEXTS = 'banking77/test.csv';

/** Over-redaction on support messages that hold no PII: every finding there is a false positive. */
function cleanTextLine(path: string): string {
  const texts = readLabelledFile(path).map((row) => row.text);
  const byType = new Map<string, number>();
  for (const text of texts)
    for (const finding of analyze(text)) byType.set(finding.type, (byType.get(finding.type) ?? 0) + 1);
  const detail = [...byType].map(([type, count]) => `${type} ${count}`).join(', ') || 'none';
  return `False positives on \`${CLEAN_TEXTS}\` (${texts.length} customer messages without PII): ${detail}.`;
}

function throughputRows(corpus: string): string[] {
  const megabyte = 1_000_000;
  const inputs: Array<[string, string]> = [
    ['realistic text (data set repeated)', repeatTo(corpus, megabyte)],
    ['one digit run', '1'.repeat(megabyte)],
    ['digits and spaces', '12 '.repeat(megabyte / 3)],
    ['e-mail-like without @', 'a.'.repeat(megabyte / 2)],
    ['capitalised words', 'Hi Ab '.repeat(megabyte / 6)],
    ['hex and colons', 'ab:'.repeat(megabyte / 3)],
    [
      'Japanese, Chinese, Korean tickets (planted-names sets repeated)',
      repeatTo(plantedCorpus(['ja', 'zh', 'ko']), megabyte),
    ],
    ['a family name and a title, repeated (王先生)', '王先生'.repeat(megabyte / 3)],
    ['a Korean name and 님, repeated', '김민수님 '.repeat(megabyte / 5)],
  ];
  return inputs.map(([name, text]) => {
    const started = performance.now();
    redact(text);
    return `| ${name} | ${(text.length / megabyte).toFixed(1)} MB | ${(performance.now() - started).toFixed(0)} ms |`;
  });
}

function repeatTo(text: string, length: number): string {
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

/** The planted-names sets of the tests: person names in ja/zh/ko/vi tickets, see src/evaluate/planted-names.ts. */
const PLANTED_NAMES = new URL('../test/redact/planted-names/', import.meta.url);
const PLANTED_LANGUAGES = ['ja', 'zh', 'ko', 'vi'] as const;

function plantedSamples(file: string): ReturnType<typeof parsePlantedNames> {
  return parsePlantedNames(readFileSync(new URL(file, PLANTED_NAMES), 'utf8'));
}

function plantedCorpus(languages: readonly string[]): string {
  return languages
    .flatMap((language) => plantedSamples(`${language}.txt`).map((sample) => sample.full_text))
    .join('\n');
}

function plantedNameLines(): string[] {
  const rows = PLANTED_LANGUAGES.flatMap((language) =>
    [`${language}.txt`, `${language}-heldout.txt`].map((file) => {
      const s = scorePlantedNames(plantedSamples(file));
      return `| ${file} | ${s.namedTickets} / ${s.cleanTickets} | ${s.names} | ${s.precision} | ${s.recall} | ${s.wholeRecall} | ${s.f2} | ${s.falsePositiveTickets} |`;
    }),
  );
  return [
    'Person names in Japanese, Chinese, Korean and Vietnamese tickets: `test/redact/planted-names/` (written for the project; names planted at known spans; `*-heldout.txt` written after the recognizers were frozen and never used to tune them). PERSON only, same overlap rule; "whole" = every character of the name redacted; false-positive tickets = tickets without names that got a PERSON finding. Command: `npm run bench -- --only redaction`.',
    '',
    '| set | tickets with / without names | names | precision | recall | recall (whole name) | F2 | false-positive tickets |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
