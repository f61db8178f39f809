export { prepareTicket, triageTicket, type PrepareOptions, type PreparedTicket, type SimilarLookup, type SimilarQuery, type TriageDeps } from './triage-ticket.ts';
export { modelText, summaryOf } from './ticket-text.ts';
export { textHash, webSha256Hex, type Sha256Hex } from './text-hash.ts';
export { ANALYSED_CHARS, isLongerThanAnalysedPart, redactAnalysedPart } from './analysed-part.ts';
