/** The readiness report's data: held-out predictions by the served rule, and what the admin's page shows of them. */
export { outOfFoldPredictions, type HeldOutOptions, type HeldOutPrediction, type LabelledExample } from './held-out.ts';
export { decisionBands, type Band } from './bands.ts';
export {
  coverageCurve,
  expectedCalibrationError,
  reliabilityBins,
  type CoveragePoint,
  type ReliabilityBin,
} from './curves.ts';
export { mostConfusedPairs, type ConfusedPair } from './confusion.ts';
export {
  agreementOf,
  weekStarts,
  weeklyAgreement,
  type Agreement,
  type FeedbackTally,
  type WeeklyAgreement,
} from './agreement.ts';
export {
  autoPrecisionTarget,
  readinessReport,
  DEFAULT_AUTO_PRECISION,
  DRIFT_DROP,
  MIN_EXAMPLES,
  type FeedbackInput,
  type LabelRow,
  type ReadinessInput,
  type ReadinessReport,
} from './readiness.ts';
