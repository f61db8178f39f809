export type { RedactionFinding, RedactOptions } from './types.ts';
export { analyze, DEFAULT_THRESHOLD } from './analyzer.ts';
export { anonymize, PlaceholderBook } from './anonymizer.ts';
export {
  PII_TYPES,
  PII_TYPE_NAMES,
  piiTypesWith,
  placeholderName,
  placeholderPattern,
  type PiiType,
} from './pii-types.ts';
export { redact, redactTicket, type RedactTicketOptions } from './redact-ticket.ts';
export { redactPrefix } from './redact-prefix.ts';
export { defaultRecognizers } from './recognizers/index.ts';
export type { Recognizer, PatternSpec, Candidate, SpanPosition } from './recognizer.ts';
export { luhnValid, ibanValid } from './validators.ts';
