export { normalizeText, foldDiacritics } from './normalize.ts';
export { NO_SPACE_SCRIPT, tokenize } from './tokenize.ts';
