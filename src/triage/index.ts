export type { Classifier, Classification, ClassifierInput } from './classifier.ts';
export { prepareTicket, triageTicket, type PreparedTicket, type SimilarLookup, type SimilarLookupQuery, type TriageDeps } from './triage-ticket.ts';
export { modelText, summaryOf } from './ticket-text.ts';
export { LlmPolicy } from './llm-policy.ts';
export { textHash, webSha256Hex, type Sha256Hex } from './text-hash.ts';
