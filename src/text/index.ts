export { normalizeText, foldDiacritics } from './normalize.ts';
export { NO_SPACE_SCRIPT, tokenize } from './tokenize.ts';
export { clip, graphemeBoundary, type ClipOptions } from './clip.ts';
export { anyPlaceholder } from './placeholder.ts';
export {
  MAP_ENTRY_BYTES,
  OBJECT_HEADER_BYTES,
  POINTER_BYTES,
  STRING_HEADER_BYTES,
  stringBytes,
} from './resident-bytes.ts';
