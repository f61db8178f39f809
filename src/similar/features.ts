import { tokenize } from '../text/index.ts';

/** Character n-gram length: 4-grams catch inflections ("refund" ~ "refunded", "card" ~ "cards") without a stemmer. */
const GRAM = 4;
/** Shorter tokens (CJK bigrams, short syllables) add no n-grams: the word itself already says it all. */
const MIN_GRAM_WORD = 3;

/** Term frequencies of one text in one field, and the field's length in tokens. */
export interface FieldTerms {
  readonly terms: Map<string, number>;
  readonly length: number;
}

/** The two fields the index scores: words (src/text tokenize) and character 4-grams of the longer words. */
export interface TextFeatures {
  readonly words: FieldTerms;
  readonly grams: FieldTerms;
}

function countInto(terms: Map<string, number>, term: string): void {
  terms.set(term, (terms.get(term) ?? 0) + 1);
}

/** Outside the Basic Multilingual Plane a character is two UTF-16 units: such tokens are split by code point. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Splits a text into the terms the index stores; the text itself is not kept. */
export function textFeatures(text: string): TextFeatures {
  const words = new Map<string, number>();
  const grams = new Map<string, number>();
  let wordCount = 0;
  let gramCount = 0;
  for (const token of tokenize(text)) {
    countInto(words, token);
    wordCount++;
    if (token.length < MIN_GRAM_WORD) continue;
    // Word boundaries as ^ and $ so a prefix or suffix gram differs from one inside a word.
    if (!SURROGATE.test(token)) {
      const marked = `^${token}$`;
      for (let i = 0; i + GRAM <= marked.length; i++) {
        countInto(grams, marked.slice(i, i + GRAM));
        gramCount++;
      }
      continue;
    }
    const chars = Array.from(token);
    if (chars.length < MIN_GRAM_WORD) continue;
    const marked = ['^', ...chars, '$'];
    for (let i = 0; i + GRAM <= marked.length; i++) {
      countInto(grams, marked.slice(i, i + GRAM).join(''));
      gramCount++;
    }
  }
  return { words: { terms: words, length: wordCount }, grams: { terms: grams, length: gramCount } };
}
