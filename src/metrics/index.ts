export {
  classificationReport,
  coverageAtThreshold,
  outOfScopeScores,
  pickOutOfScopeThreshold,
  percentile,
  wilsonLowerBound,
  OUT_OF_SCOPE_RULE,
  type ClassificationReport,
  type LabelScores,
  type OutOfScopeRule,
  type ScoredPrediction,
} from './classification-metrics.ts';
export {
  evaluateRetrieval,
  precisionAtK,
  reciprocalRank,
  type RetrievalQuery,
  type RetrievalScores,
} from './retrieval-metrics.ts';
