export type {
  TrainingRow,
  TrainOptions,
  TrainedModel,
  Prediction,
  ModelInternals,
  ServingCalibration,
} from './model.ts';
export { trainModel, HYPERPARAMETERS } from './train.ts';
export { predict } from './predict.ts';
export { trainBaseline, BASELINE_SETTINGS, type Baseline } from './baseline.ts';
export { serializeModel, parseModel, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './serialize.ts';
export { createLocalClassifier } from './local-classifier.ts';
export { ModelFormatError, ModelTrainingError } from './errors.ts';
export { featureStrings } from './features.ts';
export {
  labelThresholds,
  modelGate,
  AUTO_PRECISION_Z,
  DEFAULT_PRECISION_TARGETS,
  type PrecisionTargets,
  type LabelThresholds,
} from './policy.ts';
