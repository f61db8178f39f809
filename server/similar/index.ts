/**
 * Similar-ticket serving: the in-process lexical index kept current from the store, and the optional embeddings side
 * (vectors embedded once across instances, fused with the lexical ranking). The ranking itself is src/similar.
 */
export type { SimilarSearch } from './similar-search.ts';
export { SimilarSync } from './similar-sync.ts';
export { EmbeddingSync, embeddingTextHash, type EmbeddingStatus, type EmbeddingSyncOptions } from './embedding-sync.ts';
