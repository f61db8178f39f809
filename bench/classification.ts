import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { evaluateModel, type EvalReport } from '../server/cli/evaluate-model.ts';
import { loadTaxonomyFile } from '../server/cli/taxonomy-file.ts';
import { readTrainingData } from '../server/cli/training-data.ts';
import type { BenchSection } from './section.ts';

/** `triage eval`'s default --seed. */
const SEED = 1;
const OOS_LABEL = 'oos';

// Targets from the issue.
const ACCURACY_MIN = 0.9;
const ACCURACY_AIM = 0.92;
const TRAIN_SECONDS_MAX = 30;
const PREDICT_P50_MICROS_MAX = 1000;
const AUTO_PRECISION_MIN = 0.97;
const AUTO_COVERAGE_MIN = 0.6;
const IN_SCOPE_MIN = 0.92;
const OOS_RECALL_MIN = 0.5;

const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');
const fixed2 = (value: number): string => value.toFixed(2);
const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * The local model on BANKING77 and CLINC150 through `triage eval`'s own path (readTrainingData → evaluateModel,
 * auto threshold from the taxonomy), next to the issue's targets and the published baselines.
 */
export const classificationSection: BenchSection = {
  name: 'classification',
  title: 'Classification: local model on BANKING77 and CLINC150',
  async run({ datasets }) {
    const loadAtStart = loadavg()[0]!;
    const autoThreshold = loadTaxonomyFile().thresholds.auto;
    const banking = join(datasets, 'banking77');
    const clinc = join(datasets, 'clinc150');
    const bankingCommand = `npx tsx server/cli/index.ts eval --train ${join(banking, 'train.csv')} --test ${join(banking, 'test.csv')} --json`;
    const clincCommand = `npx tsx server/cli/index.ts eval --train ${join(clinc, 'train.csv')} --val ${join(clinc, 'val.csv')} --test ${join(clinc, 'test.csv')} --oos-label ${OOS_LABEL} --json`;

    const bankingReport = evaluate({
      train: join(banking, 'train.csv'),
      test: join(banking, 'test.csv'),
      autoThreshold,
    });
    const clincReport = evaluate({
      train: join(clinc, 'train.csv'),
      test: join(clinc, 'test.csv'),
      validation: join(clinc, 'val.csv'),
      autoThreshold,
    });

    return [
      `Each data set runs the \`triage eval\` path (\`server/cli/evaluate-model.ts\`): train on train, score test, seed ${SEED}, auto threshold ${autoThreshold} (\`thresholds.auto\` in \`config/taxonomy.yaml\`). Prediction time is per ticket, one at a time, on the test rows; times are wall clock (load average when the section started: ${loadAtStart.toFixed(1)} on ${cpus().length} cores). The same figures as JSON:`,
      '',
      '```sh',
      bankingCommand,
      clincCommand,
      '```',
      '',
      ...bankingTable(bankingReport),
      '',
      ...clincTable(clincReport),
    ].join('\n');
  },
};

function evaluate(files: { train: string; test: string; validation?: string; autoThreshold: number }): EvalReport {
  const read = (path: string) => readTrainingData(path).rows;
  return evaluateModel({
    trainPath: files.train,
    train: read(files.train),
    test: read(files.test),
    ...(files.validation !== undefined ? { validation: read(files.validation), oosLabel: OOS_LABEL } : {}),
    autoThreshold: files.autoThreshold,
    seed: SEED,
    onProgress: (message) => process.stderr.write(`bench: classification: ${message}\n`),
  });
}

function bankingTable(report: EvalReport): string[] {
  const autoOk = report.precisionAtAuto >= AUTO_PRECISION_MIN && report.coverageAtAuto >= AUTO_COVERAGE_MIN;
  const accuracyVerdict =
    report.accuracy >= ACCURACY_AIM
      ? 'met, aim met'
      : report.accuracy >= ACCURACY_MIN
        ? `met; aim ${fixed2(ACCURACY_AIM)} **not met**`
        : '**not met**';
  return [
    `**BANKING77** (${report.trainRows} train / ${report.testRows} test, ${report.labels} labels):`,
    '',
    '| measure | measured | target | | published |',
    '|---|---|---|---|---|',
    `| accuracy | **${report.accuracy}** | ≥ ${fixed2(ACCURACY_MIN)}, aim ${fixed2(ACCURACY_AIM)} | ${accuracyVerdict} | BERT fine-tuned 0.9366, USE+ConveRT 0.9336, TF-IDF + logistic regression ≈ 0.894 |`,
    `| macro-F1 | ${report.macroF1} | – | | – |`,
    `| coverage at auto (≥ ${report.autoThreshold}) | ${report.coverageAtAuto} | ≥ ${fixed2(AUTO_COVERAGE_MIN)} | ${verdict(report.coverageAtAuto >= AUTO_COVERAGE_MIN)} | – |`,
    `| precision at auto (≥ ${report.autoThreshold}) | ${report.precisionAtAuto} | ≥ ${fixed2(AUTO_PRECISION_MIN)} at that coverage | ${verdict(autoOk)} | – |`,
    `| confidence gap (mean confidence − accuracy) | ${report.confidenceGap} | near 0 | | – |`,
    `| training | ${report.trainSeconds} s | ≤ ${TRAIN_SECONDS_MAX} s | ${verdict(report.trainSeconds <= TRAIN_SECONDS_MAX)} | – |`,
    `| prediction p50 per ticket | ${report.predictMicrosP50} µs | ≤ ${PREDICT_P50_MICROS_MAX} µs (1 ms) | ${verdict(report.predictMicrosP50 <= PREDICT_P50_MICROS_MAX)} | – |`,
    `| prediction p99 per ticket | ${report.predictMicrosP99} µs | – | | – |`,
    `| model size (serialized) | ${megabytes(report.modelBytes)} | – | | – |`,
    '',
    'Published: Casanueva et al. 2020, Table 3 (full training data); the TF-IDF baseline figure is from the data sets README.',
  ];
}

function clincTable(report: EvalReport): string[] {
  const inScope = report.inScopeAccuracy ?? 0;
  const oosRecall = report.oosRecall ?? 0;
  const both = inScope >= IN_SCOPE_MIN && oosRecall >= OOS_RECALL_MIN;
  return [
    `**CLINC150** (${report.trainRows} in-scope train rows, ${report.testRows} test rows, ${report.labels} labels + \`${OOS_LABEL}\`; \`${OOS_LABEL}\` rows are left out of training and detected by a threshold on the model's in-scope score (its largest raw logit) picked on \`val.csv\`: the lowest one whose oos recall there has a one-sided 95 % lower bound ≥ 0.5, docs/decisions/2026-11-29-out-of-scope.md):`,
    '',
    '| system | in-scope accuracy | oos recall |',
    '|---|---|---|',
    `| **this model**, threshold ${report.oosThreshold} | **${inScope}** | **${oosRecall}** |`,
    `| target | ≥ ${fixed2(IN_SCOPE_MIN)}: ${verdict(inScope >= IN_SCOPE_MIN)} | ≥ ${fixed2(OOS_RECALL_MIN)}: ${verdict(oosRecall >= OOS_RECALL_MIN)} |`,
    '| BERT, confidence threshold (published) | 0.962 | 0.523 |',
    '| BERT, oos class (published) | 0.969 | 0.403 |',
    '| MLP on USE (published) | 0.935 | 0.474 |',
    '| SVM (published) | 0.910 | 0.145 |',
    '',
    `Target (in-scope ≥ ${fixed2(IN_SCOPE_MIN)} with oos recall ≥ ${fixed2(OOS_RECALL_MIN)}): ${verdict(both)}. Published: Larson et al. 2019, Table 2 (full).`,
    '',
    `Also: accuracy over ${report.labels + 1} classes (below the threshold = \`${OOS_LABEL}\`) ${report.accuracy}, macro-F1 ${report.macroF1}; coverage ${report.coverageAtAuto} and precision ${report.precisionAtAuto} at auto ${report.autoThreshold}; training ${report.trainSeconds} s; prediction p50 ${report.predictMicrosP50} µs, p99 ${report.predictMicrosP99} µs; model ${megabytes(report.modelBytes)}.`,
  ];
}
