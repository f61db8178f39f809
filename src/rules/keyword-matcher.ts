import { foldDiacritics, NO_SPACE_SCRIPT, normalizeText } from '../text/index.ts';

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A keyword prepared once: folded form and whether it needs word boundaries. */
export interface CompiledKeyword {
  /** The keyword as written in the taxonomy: safe to show, it never comes from ticket text. */
  readonly keyword: string;
  readonly folded: string;
  readonly substring: boolean;
}

/** Case- and accent-insensitive form used on both sides of a match. */
export function foldForMatch(text: string): string {
  // Typographic apostrophes (French "l’oubli") match the ASCII ones written in the taxonomy.
  return foldDiacritics(normalizeText(text)).replace(/[\u2018\u2019\u02bc]/g, "'");
}

export function compileKeyword(keyword: string): CompiledKeyword {
  // Japanese, Chinese, Thai, Lao, Khmer and Burmese have no spaces between words, so word boundaries mean nothing there.
  return { keyword, folded: foldForMatch(keyword.trim()), substring: NO_SPACE_SCRIPT.test(keyword) };
}

/**
 * A letter or digit that continues a word. Kana, kanji and the other unspaced scripts do not continue a Latin word:
 * Japanese and Chinese glue "API", "502" or "iPhone" to the next word ("APIのレート制限", "502エラー").
 */
function isWordChar(character: string | undefined): boolean {
  return character !== undefined && WORD_CHAR.test(character) && !NO_SPACE_SCRIPT.test(character);
}

/** True when the keyword occurs in already-folded text (word-bounded for spaced scripts). */
export function keywordOccurs(foldedText: string, compiled: CompiledKeyword): boolean {
  if (compiled.folded.length === 0) return false;
  let from = 0;
  for (;;) {
    const at = foldedText.indexOf(compiled.folded, from);
    if (at < 0) return false;
    if (compiled.substring) return true;
    const before = foldedText[at - 1];
    const after = foldedText[at + compiled.folded.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}
