export type { Classifier, Classification, ClassifierInput, ModelGate } from './classifier.ts';
export { precisionTargetsFrom, precisionTargetsOf, type PrecisionTargets } from './precision-targets.ts';
