export { evaluateRedaction, PresidioDataset, PresidioSample, REDACTED_TYPES, type RedactionEvaluation, type SpanScores } from './redaction-metrics.ts';
export {
  classificationReport, coverageAtThreshold, outOfScopeScores, pickOutOfScopeThreshold, percentile, wilsonLowerBound, OUT_OF_SCOPE_RULE,
  type ClassificationReport, type LabelScores, type OutOfScopeRule, type ScoredPrediction,
} from './classification-metrics.ts';
export { splitById, splitHoldout, type Split, type SplitOptions } from './split.ts';
export { seededRandom, shuffleInPlace } from './random.ts';
export { evaluateRetrieval, precisionAtK, reciprocalRank, type RetrievalQuery, type RetrievalScores } from './retrieval-metrics.ts';
export { evaluateSimilarTickets, RETRIEVAL_DEPTH, type LabelledExample, type SimilarEvaluation } from './similar-evaluation.ts';
