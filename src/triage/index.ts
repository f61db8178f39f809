export {
  NO_MODEL_VERSION,
  prepareTicket,
  triageTicket,
  type PrepareOptions,
  type PreparedTicket,
  type SimilarLookup,
  type SimilarLookupQuery,
  type TriageDeps,
} from './triage-ticket.ts';
export { messageExcerpt, modelText, summaryOf } from './ticket-text.ts';
export { LlmPolicy } from './llm-policy.ts';
export { textHash, webSha256Hex, type Sha256Hex } from './text-hash.ts';
export { ANALYSED_CHARS, isLongerThanAnalysedPart, redactAnalysedPart } from './analysed-part.ts';
