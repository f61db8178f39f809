import { classificationReport } from '../metrics/index.ts';
import type { Taxonomy } from '../taxonomy/index.ts';
import { agreementOf, type Agreement, type FeedbackTally, type WeeklyAgreement } from './agreement.ts';
import { decisionBands, type Band } from './bands.ts';
import { mostConfusedPairs, type ConfusedPair } from './confusion.ts';
import {
  coverageCurve,
  expectedCalibrationError,
  reliabilityBins,
  type CoveragePoint,
  type ReliabilityBin,
} from './curves.ts';
import type { HeldOutPrediction } from './held-out.ts';

/** Precision auto-applied tickets must show when the taxonomy names no target of its own (issue 12: 0.97). */
export const DEFAULT_AUTO_PRECISION = 0.97;
/** Below this many labelled tickets a label's scores say little and its model is weak. */
export const MIN_EXAMPLES = 20;
/** A week whose agreement falls this far under the agreement since the model counts as drift. */
export const DRIFT_DROP = 0.1;
/** …when at least this many suggestions were answered that week. */
const DRIFT_MIN_ANSWERED = 10;

export interface LabelRow {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Held-out tickets with this gold label. */
  readonly support: number;
  /** Of those, how many the served rule would auto-apply. */
  readonly auto: number;
  /**
   * Held-out tickets (of any gold label, so right or wrong) the served rule gave this label confidently enough for auto
   * by the taxonomy's thresholds, yet kept as drafts because the label's own cross-validated record did not show the
   * precision target (`heldBack: unproven_label`). Counted by the given label, unlike `support` and `auto`.
   */
  readonly heldUnproven: number;
}

export interface FeedbackInput {
  /** When the serving model was trained (ISO), or null when there is none. */
  readonly modelVersion: string | null;
  readonly modelCreatedAt: string | null;
  /** Feedback counted since the model was trained (all feedback when there is none). */
  readonly sinceModel: FeedbackTally;
  readonly weekly: readonly WeeklyAgreement[];
}

export interface ReadinessInput {
  readonly taxonomy: Taxonomy;
  readonly predictions: readonly HeldOutPrediction[];
  /** How the predictions were held out, in words, e.g. "5-fold cross-validation by ticket id". */
  readonly protocol: string;
  /** Labelled rows whose label the taxonomy does not have (left out). */
  readonly unknownLabelRows?: number;
  readonly feedback?: FeedbackInput | null;
  readonly generatedAt: string;
  readonly source: string;
}

export interface ReadinessReport {
  readonly generatedAt: string;
  readonly source: string;
  readonly protocol: string;
  readonly rows: number;
  readonly unknownLabelRows: number;
  readonly thresholds: { readonly auto: number; readonly review: number; readonly autoPrecision: number };
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perLabel: LabelRow[];
  readonly bands: Band[];
  readonly coverage: CoveragePoint[];
  readonly reliability: ReliabilityBin[];
  readonly calibrationError: number;
  readonly confusedPairs: ConfusedPair[];
  readonly fewExamples: { readonly label: string; readonly count: number }[];
  readonly agreement: {
    readonly modelVersion: string | null;
    readonly since: string | null;
    readonly sinceModel: Agreement;
    readonly weekly: readonly WeeklyAgreement[];
    /** Weeks whose agreement fell DRIFT_DROP or more below the agreement since the model. */
    readonly driftWeeks: string[];
  } | null;
  readonly verdict: { readonly trustAuto: boolean; readonly reasons: string[] };
}

/** The taxonomy's own auto precision target when it has one (per-label thresholds), else the default. */
export function autoPrecisionTarget(taxonomy: Taxonomy): number {
  const thresholds: Readonly<Record<string, unknown>> = taxonomy.thresholds;
  const target = thresholds['autoPrecision'];
  return typeof target === 'number' ? target : DEFAULT_AUTO_PRECISION;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/** Everything the readiness page shows, from held-out predictions and the agents' feedback. No I/O. */
export function readinessReport(input: ReadinessInput): ReadinessReport {
  const { taxonomy, predictions } = input;
  const scores = classificationReport(
    predictions.map((p) => p.gold),
    predictions.map((p) => p.predicted),
  );
  const perLabel = taxonomy.labelIds.map((label) => {
    const row = scores.perLabel[label] ?? { precision: 0, recall: 0, f1: 0, support: 0 };
    const auto = predictions.filter((p) => p.gold === label && p.decision === 'auto').length;
    const heldUnproven = predictions.filter((p) => p.predicted === label && p.heldBack === 'unproven_label').length;
    return { label, ...row, auto, heldUnproven };
  });
  const fewExamples = perLabel
    .filter((row) => row.support < MIN_EXAMPLES)
    .map((row) => ({ label: row.label, count: row.support }))
    .sort((a, b) => a.count - b.count || a.label.localeCompare(b.label));
  const bands = decisionBands(predictions);
  const reliability = reliabilityBins(predictions);
  const target = autoPrecisionTarget(taxonomy);
  const agreement = input.feedback ? agreementSection(input.feedback) : null;
  return {
    generatedAt: input.generatedAt,
    source: input.source,
    protocol: input.protocol,
    rows: predictions.length,
    unknownLabelRows: input.unknownLabelRows ?? 0,
    thresholds: { auto: taxonomy.thresholds.auto, review: taxonomy.thresholds.review, autoPrecision: target },
    accuracy: scores.accuracy,
    macroF1: scores.macroF1,
    perLabel,
    bands,
    coverage: coverageCurve(predictions),
    reliability,
    calibrationError: expectedCalibrationError(reliability),
    confusedPairs: mostConfusedPairs(predictions),
    fewExamples,
    agreement,
    verdict: verdictOf(bands, target, fewExamples.length, agreement),
  };
}

function agreementSection(feedback: FeedbackInput): NonNullable<ReadinessReport['agreement']> {
  const sinceModel = agreementOf(feedback.sinceModel);
  const driftWeeks =
    sinceModel.rate === null
      ? []
      : feedback.weekly
          .filter(
            (week) =>
              week.rate !== null && week.answered >= DRIFT_MIN_ANSWERED && week.rate <= sinceModel.rate! - DRIFT_DROP,
          )
          .map((week) => week.weekStart);
  return {
    modelVersion: feedback.modelVersion,
    since: feedback.modelCreatedAt,
    sinceModel,
    weekly: feedback.weekly,
    driftWeeks,
  };
}

/** Trust auto-apply only when the held-out evidence promises the target precision and agents are not drifting away. */
function verdictOf(
  bands: readonly Band[],
  target: number,
  fewLabels: number,
  agreement: ReadinessReport['agreement'],
): ReadinessReport['verdict'] {
  const auto = bands.find((band) => band.decision === 'auto')!;
  const reasons: string[] = [];
  let trustAuto = true;
  if (auto.count === 0) {
    trustAuto = false;
    reasons.push('No held-out ticket reaches the auto threshold: background triage would apply nothing.');
  } else if (auto.precisionLowerBound! < target) {
    trustAuto = false;
    reasons.push(
      `Auto-applied tickets were right ${percent(auto.precision!)} of the time (at least ${percent(auto.precisionLowerBound!)} with 95 % confidence, on ${auto.count} tickets); the target is ${percent(target)}.`,
    );
  } else {
    reasons.push(
      `Auto-applied tickets were right ${percent(auto.precision!)} of the time (at least ${percent(auto.precisionLowerBound!)} with 95 % confidence, on ${auto.count} tickets), meeting the ${percent(target)} target.`,
    );
  }
  if (fewLabels > 0)
    reasons.push(`${fewLabels} label(s) have fewer than ${MIN_EXAMPLES} labelled tickets: their scores say little.`);
  if (agreement && agreement.driftWeeks.length > 0) {
    trustAuto = false;
    reasons.push(
      `Agents agreed less with the suggestions in ${agreement.driftWeeks.length} recent week(s) than since the model was trained: retrain or review the taxonomy.`,
    );
  }
  return { trustAuto, reasons };
}
