/**
 * The local preview host's own wire shapes (the ZAF request options its proxy honours, its demo tickets and page
 * config). Not the product contract: only the preview (server/preview, app/preview) and its tests use them.
 */
export * from './schemas.ts';
export * from './groups.ts';
