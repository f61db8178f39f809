import { foldDiacritics, normalizeText } from './normalize.ts';

const NO_SPACE_SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Thai', 'Lao', 'Khmer', 'Myanmar']
  .map((script) => `\\p{Script=${script}}`)
  .join('');
/** Scripts written without spaces between words: tokenized as character bigrams, and keywords in them match inside words. */
export const NO_SPACE_SCRIPT = new RegExp(`[${NO_SPACE_SCRIPTS}]`, 'u');
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
// ー (the prolonged sound mark) is of the Common script but belongs to the katakana run it lengthens.
const SCRIPT_RUN = new RegExp(`([${NO_SPACE_SCRIPTS}ー]+)|([^${NO_SPACE_SCRIPTS}ー]+)`, 'gu');

/**
 * Language-independent word tokens: words split on non-letters for spaced scripts,
 * overlapping character bigrams (and single characters for one-character runs) for Japanese, Chinese, Thai.
 * Accented words also yield their folded form, so "hoàn tiền" matches "hoan tien".
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const normalized = normalizeText(text);
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    if (!NO_SPACE_SCRIPT.test(word)) {
      pushWord(out, word);
      continue;
    }
    for (const run of word.matchAll(SCRIPT_RUN)) {
      if (run[1] !== undefined) pushBigrams(out, run[1]);
      else if (run[2] !== undefined) pushWord(out, run[2]);
    }
  }
  return out;
}

function pushWord(out: string[], word: string): void {
  out.push(word);
  const folded = foldDiacritics(word);
  if (folded !== word) out.push(folded);
}

function pushBigrams(out: string[], run: string): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}
