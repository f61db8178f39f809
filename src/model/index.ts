export type { TrainingRow, TrainOptions, TrainedModel, Prediction, ModelInternals } from './model.ts';
export { trainModel, HYPERPARAMETERS } from './train.ts';
export { predict } from './predict.ts';
export { serializeModel, parseModel, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './serialize.ts';
export { createLocalClassifier } from './local-classifier.ts';
export { ModelFormatError, ModelTrainingError } from './errors.ts';
export { featureStrings } from './features.ts';
