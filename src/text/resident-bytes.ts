/**
 * Rough heap sizes on 64-bit V8 without pointer compression (Node's default build), for memory budgets: a header of
 * 16 bytes per string (map, hash, length), 1 byte per character for Latin-1 text and 2 otherwise, rounded to 8.
 */
export const STRING_HEADER_BYTES = 16;
/** One Map entry: key, value and chain slots (8 bytes each) plus its bucket, at a typical load factor. */
export const MAP_ENTRY_BYTES = 48;
/** One array element or object field: a tagged pointer. */
export const POINTER_BYTES = 8;
/** A plain object's header (map, properties, elements). */
export const OBJECT_HEADER_BYTES = 24;

/** Any character beyond Latin-1 makes V8 store the whole string with 2 bytes per character. */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** The heap bytes one string takes, estimated as above. */
export function stringBytes(text: string): number {
  const perCharacter = BEYOND_LATIN1.test(text) ? 2 : 1;
  return Math.ceil((STRING_HEADER_BYTES + text.length * perCharacter) / 8) * 8;
}
