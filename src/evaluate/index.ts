export { evaluateRedaction, PresidioDataset, PresidioSample, REDACTED_TYPES, type RedactionEvaluation, type SpanScores } from './redaction-metrics.ts';
