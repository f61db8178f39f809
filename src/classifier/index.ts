export type { Classifier, Classification, ClassifierInput, ModelGate } from './classifier.ts';
export { precisionTargetsOf, type PrecisionTargets } from './precision-targets.ts';
