export { normalizeText, foldDiacritics } from './normalize.ts';
export { NO_SPACE_SCRIPT, tokenize } from './tokenize.ts';
export { clip, graphemeBoundary, type ClipOptions } from './clip.ts';
export { anyPlaceholder } from './placeholder.ts';
