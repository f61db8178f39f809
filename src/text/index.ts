export { normalizeText, foldDiacritics } from './normalize.ts';
export { tokenize } from './tokenize.ts';
