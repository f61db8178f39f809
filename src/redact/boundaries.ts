import { ANY_LATIN } from './letters.ts';

// Edges of number-shaped values. JavaScript's `\b` is ASCII-only and needs a non-word character, so it
// finds no edge in "4012 8888 8888 1881Lucía" or "Tel020 7946 0321" (pasted text often loses the space)
// but does in "1881Đức": a card, phone or IP glued to a word slipped through. These edges stop at digits,
// so a glued word no longer shields the value. The start consumes what precedes the number (lookbehind
// would hide the pattern from the ReDoS check), so the value is group 1 of a pattern that uses it.

/**
 * Before a number: the start of the text, or a character that is not a digit, ASCII letter or `_`, or a
 * lowercase letter that ends a word ("García4111…", "Tel020…", "Đức0912…"). Not an uppercase letter, `_`
 * or a lone lowercase letter, which make the number part of an id or version (A1234, INV4111…, x86, v10.0.0.1).
 */
export const NUMBER_START = `(?:^|[^0-9A-Za-z_]|[${ANY_LATIN}][a-z])`;

/**
 * Before a number whose own shape makes it PII whatever precedes it: anything but a digit. For card numbers
 * in groups, which must also pass Luhn: `CARD4111 1111 1111 1111` after an all-capitals word. Compact runs keep
 * NUMBER_START, since `INV4111111111111111` is an id however its digits add up.
 */
export const GROUPED_NUMBER_START = '(?:^|[^0-9])';

/** After a number: anything but another digit; a letter ("1881Lucía", "0958Noah") starts the next word. */
export const NUMBER_END = '(?![0-9])';

/** A global regex from a raw template, so patterns read as regex literals: numberRegex`${NUMBER_START}(\d{9})${NUMBER_END}`. */
export function numberRegex(strings: TemplateStringsArray, ...parts: string[]): RegExp {
  return new RegExp(String.raw(strings, ...parts), 'g');
}
