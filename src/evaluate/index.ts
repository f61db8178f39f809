export {
  evaluateRedaction,
  PresidioDataset,
  PresidioSample,
  REDACTED_TYPES,
  type RedactionEvaluation,
  type SpanScores,
} from './redaction-metrics.ts';
export { parsePlantedNames, scorePlantedNames, type PlantedNameScores } from './planted-names.ts';
export {
  evaluateSimilarTickets,
  RETRIEVAL_DEPTH,
  type LabelledExample,
  type SimilarEvaluation,
} from './similar-evaluation.ts';
