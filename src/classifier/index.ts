export type { Classifier, Classification, ClassifierInput, ModelGate } from './classifier.ts';
