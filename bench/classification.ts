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
// Issue 12: the served rule (no --val) and the held-out-label protocol.
const SERVED_OOS_RECALL_MIN = 0.6;
const HELD_OUT_AUTO_PRECISION_MIN = 0.95;
const HOLDOUT_SHARE = 0.25;
const HOLDOUT_SEEDS = [1, 2, 3] as const;

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
    const servedCommand = `npx tsx server/cli/index.ts eval --train ${join(clinc, 'train.csv')} --test ${join(clinc, 'test.csv')} --oos-label ${OOS_LABEL} --json`;
    const holdoutCommand = `npx tsx server/cli/index.ts eval --train ${join(banking, 'train.csv')} --test ${join(banking, 'test.csv')} --holdout-labels ${HOLDOUT_SHARE} --seed N --json`;

    const bankingReport = evaluate({
      train: join(banking, 'train.csv'),
      test: join(banking, 'test.csv'),
      baseline: true,
      autoThreshold,
    });
    const clincReport = evaluate({
      train: join(clinc, 'train.csv'),
      test: join(clinc, 'test.csv'),
      validation: join(clinc, 'val.csv'),
      autoThreshold,
    });
    const servedReport = evaluate({
      train: join(clinc, 'train.csv'),
      test: join(clinc, 'test.csv'),
      oosOnly: true,
      baseline: true,
      autoThreshold,
    });
    const holdoutReports = HOLDOUT_SEEDS.map((seed) =>
      evaluate({
        train: join(banking, 'train.csv'),
        test: join(banking, 'test.csv'),
        holdoutLabels: HOLDOUT_SHARE,
        seed,
        autoThreshold,
      }),
    );

    return [
      `Each data set runs the \`triage eval\` path (\`server/cli/evaluate-model.ts\`): train on train, score test, seed ${SEED}, auto threshold ${autoThreshold} (\`thresholds.auto\` in \`config/taxonomy.yaml\`). Prediction time is per ticket, one at a time, on the test rows; times are wall clock (load average when the section started: ${loadAtStart.toFixed(1)} on ${cpus().length} cores). The same figures as JSON:`,
      '',
      '```sh',
      bankingCommand,
      clincCommand,
      servedCommand,
      `${holdoutCommand}   # N = ${HOLDOUT_SEEDS.join(', ')}`,
      '```',
      '',
      ...bankingTable(bankingReport),
      '',
      ...clincTable(clincReport, servedReport),
      '',
      ...servedTable(bankingReport, servedReport, holdoutReports),
      '',
      ...baselineTable(bankingReport, servedReport),
    ].join('\n');
  },
};

const REAL_WORLD_AUTO_PRECISION_MIN = 0.9;

function evaluate(files: {
  train: string;
  test: string;
  validation?: string;
  /** --oos-label without --val: the served rule. */
  oosOnly?: boolean;
  holdoutLabels?: number;
  /** Also score the TF-IDF + logistic-regression baseline (`--baseline`). */
  baseline?: boolean;
  seed?: number;
  autoThreshold: number;
}): EvalReport {
  const read = (path: string) => readTrainingData(path).rows;
  return evaluateModel({
    trainPath: files.train,
    train: read(files.train),
    test: read(files.test),
    ...(files.validation !== undefined ? { validation: read(files.validation), oosLabel: OOS_LABEL } : {}),
    ...(files.oosOnly ? { oosLabel: OOS_LABEL } : {}),
    ...(files.holdoutLabels !== undefined ? { holdoutLabels: files.holdoutLabels } : {}),
    ...(files.baseline ? { baseline: true } : {}),
    autoThreshold: files.autoThreshold,
    thresholds: loadTaxonomyFile().thresholds,
    seed: files.seed ?? SEED,
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

function clincTable(report: EvalReport, served: EvalReport): string[] {
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
    `| **this model, served rule** (no \`--val\`: in-scope floor ${served.inScopeFloor} from cross-validation on train, per-label thresholds; oos = sent to review) | **${served.inScopeAccuracy}** | **${served.oosRecall}** |`,
    `| target (issue 12) | ≥ ${fixed2(IN_SCOPE_MIN)}: ${verdict((served.inScopeAccuracy ?? 0) >= IN_SCOPE_MIN)} | ≥ ${fixed2(SERVED_OOS_RECALL_MIN)}: ${verdict((served.oosRecall ?? 0) >= SERVED_OOS_RECALL_MIN)} |`,
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

const band = (report: EvalReport, name: 'auto' | 'draft' | 'review'): string =>
  `${report[`${name}Share`]} at ${report[`${name}Precision`]}`;

/** The served decision's bands and the held-out-label protocol (docs/decisions/2026-12-07-served-out-of-scope.md). */
function servedTable(banking: EvalReport, clinc: EvalReport, holdout: readonly EvalReport[]): string[] {
  const mean = holdout.reduce((sum, report) => sum + report.autoPrecision, 0) / holdout.length;
  return [
    `**Served decision** (per-label auto thresholds from 3-fold cross-validation on train, one-sided 95 % bound ≥ \`thresholds.autoPrecision\`; in-scope floor; taxonomy \`review\` and \`draftPrecision\`). Share of test rows at precision:`,
    '',
    '| data set | labels that may auto-apply | auto | draft | review |',
    '|---|---|---|---|---|',
    `| BANKING77 | ${banking.autoLabels} of ${banking.labels} | ${band(banking, 'auto')} | ${band(banking, 'draft')} | ${band(banking, 'review')} |`,
    `| CLINC150 (oos rows included) | ${clinc.autoLabels} of ${clinc.labels} | ${band(clinc, 'auto')} | ${band(clinc, 'draft')} | ${band(clinc, 'review')} |`,
    '',
    `**BANKING77, held-out labels** (${HOLDOUT_SHARE * 100} % of labels removed from training, their test rows out of scope; served rule):`,
    '',
    '| seed | held-out labels | precision at auto | auto share | oos recall | in-scope accuracy |',
    '|---|---|---|---|---|---|',
    ...holdout.map(
      (report, i) =>
        `| ${HOLDOUT_SEEDS[i]} | ${report.heldOutLabels} | ${report.autoPrecision} | ${report.autoShare} | ${report.oosRecall} | ${report.inScopeAccuracy} |`,
    ),
    '',
    `Mean precision at auto ${mean.toFixed(3)}; target ≥ ${fixed2(HELD_OUT_AUTO_PRECISION_MIN)} on every seed: ${verdict(holdout.every((report) => report.autoPrecision >= HELD_OUT_AUTO_PRECISION_MIN))}.`,
  ];
}

/** The served rule's accuracy beside a tuned TF-IDF + logistic-regression baseline on the same rows (issue 12). */
function baselineTable(banking: EvalReport, clinc: EvalReport): string[] {
  const row = (name: string, report: EvalReport) => {
    const baseline = report.baselineAccuracy ?? 0;
    const inScope =
      report.baselineInScopeAccuracy !== undefined
        ? `${report.inScopeAccuracy} / ${report.baselineInScopeAccuracy}`
        : '–';
    const compared = report.baselineAccuracy === undefined ? '–' : verdict(report.accuracy >= baseline);
    return `| ${name} | **${report.accuracy}** | ${report.baselineAccuracy ?? '–'} | ${inScope} | ${report.baselineLambda ?? '–'} | ${report.autoPrecision} | ${compared} |`;
  };
  return [
    `**Served rule against a tuned TF-IDF + logistic-regression baseline** (\`--baseline\`: word 1–2-grams, L2 strength picked by 3-fold cross-validation on train, no out-of-scope answer; \`src/model/baseline.ts\`). Accuracy counts an out-of-scope row right when the served rule sends it to review as out of scope:`,
    '',
    '| data set | served accuracy | baseline accuracy | in-scope accuracy, served / baseline | baseline λ | served precision at auto | served ≥ baseline |',
    '|---|---|---|---|---|---|---|',
    row('BANKING77', banking),
    row('CLINC150 (oos rows included, no `--val`)', clinc),
    '',
    `On CLINC150 the gap comes almost entirely from the out-of-scope rows, which a plain classifier cannot answer: on in-scope rows the two are level. The issue's real-world target (served accuracy at least the baseline's, precision at auto ≥ ${fixed2(REAL_WORLD_AUTO_PRECISION_MIN)}) is for sets with out-of-scope traffic we do not have; these two are the closest here.`,
  ];
}
