export type { Classifier, Classification, ClassifierInput } from './classifier.ts';
