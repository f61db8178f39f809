export { normalizeText, foldDiacritics } from './normalize.ts';
export { NO_SPACE_SCRIPT, tokenize } from './tokenize.ts';
export { clip, type ClipOptions } from './clip.ts';
