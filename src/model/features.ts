import { foldDiacritics, normalizeText, tokenize } from '../text/index.ts';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Character n-gram lengths taken inside each word (padded with < and >). */
const CHAR_MIN = 3;
const CHAR_MAX = 5;
/**
 * Word and word-pair features weigh this much more than character n-grams (folded into their idf). A text has
 * about ten n-grams per word, so after L2 normalization the words themselves would otherwise carry little of the
 * row. Chosen on CLINC150 val (in-scope accuracy 0.922 → 0.927 over two seeds, 3 a tie) and checked on a BANKING77
 * train hold-out (no change); docs/decisions/2026-11-29-out-of-scope.md.
 */
export const WORD_WEIGHT = 2;

/**
 * Feature strings of a text, with repeats (term frequency): word unigrams from `tokenize` (Japanese character
 * bigrams, accented and folded Vietnamese forms), bigrams of adjacent folded words (multi-syllable Vietnamese words
 * such as "hoàn tiền", English phrases), and character 3–5-grams inside word boundaries (typos, inflection,
 * compounds, and Japanese runs without spaces). Prefixes keep the kinds apart: `w` word, `b` bigram, `c` n-gram.
 */
export function featureStrings(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) out.push(`w ${token}`);
  let previous: string | null = null;
  for (const match of foldDiacritics(normalizeText(text)).matchAll(WORD)) {
    const word = match[0];
    if (previous !== null) out.push(`b ${previous} ${word}`);
    previous = word;
    pushCharGrams(out, `<${word}>`);
  }
  return out;
}

const SURROGATE = /[\uD800-\uDFFF]/;

function pushCharGrams(out: string[], padded: string): void {
  // Slicing UTF-16 directly is safe (and much faster) when no character needs two code units.
  const chars: readonly string[] | string = SURROGATE.test(padded) ? Array.from(padded) : padded;
  const length = chars.length;
  for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
    for (let start = 0; start + n <= length; start++) {
      out.push(
        `c ${typeof chars === 'string' ? chars.slice(start, start + n) : chars.slice(start, start + n).join('')}`,
      );
    }
  }
}

/** A sparse row: ascending feature indices and their weights. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Maps feature strings to columns and holds their inverse document frequencies. */
export interface Vectorizer {
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Feature string per column, for evidence and serialization. */
  readonly features: readonly string[];
  readonly idf: Float32Array;
}

export interface VocabularyOptions {
  /** Features seen in fewer documents are dropped (noise, and a smaller model). */
  minDocumentFrequency: number;
  /** Keep at most this many features, the most frequent first. */
  maxFeatures: number;
}

/** Builds the vocabulary from tokenized documents: document-frequency pruned, smoothed idf (times WORD_WEIGHT for words and pairs). */
export function buildVectorizer(documents: readonly (readonly string[])[], options: VocabularyOptions): Vectorizer {
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const feature of new Set(document)) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  // Insertion order of the map is first-seen order, so ties break deterministically.
  const kept = [...documentFrequency].filter(([, count]) => count >= options.minDocumentFrequency);
  if (kept.length > options.maxFeatures) {
    const order = new Map(kept.map(([feature], index) => [feature, index]));
    kept.sort((a, b) => b[1] - a[1] || order.get(a[0])! - order.get(b[0])!);
    kept.length = options.maxFeatures;
  }
  return vectorizerFrom(
    kept.map(([feature]) => feature),
    Float32Array.from(
      kept,
      ([feature, count]) =>
        (Math.log((1 + documents.length) / (1 + count)) + 1) * (feature.startsWith('c ') ? 1 : WORD_WEIGHT),
    ),
  );
}

export function vectorizerFrom(features: readonly string[], idf: Float32Array): Vectorizer {
  return { vocabulary: new Map(features.map((feature, index) => [feature, index])), features, idf };
}

/** TF-IDF with sublinear term frequency (1 + ln tf) and L2 normalization. */
export function vectorize(vectorizer: Vectorizer, document: readonly string[]): SparseVector {
  // Known columns in a typed array, sorted, then counted by runs: cheaper than a Map of counts per row.
  const found = new Int32Array(document.length);
  let size = 0;
  for (const feature of document) {
    const index = vectorizer.vocabulary.get(feature);
    if (index !== undefined) found[size++] = index;
  }
  return weigh(vectorizer, found.subarray(0, size));
}

/** Words remembered per vectorizer, and the longest one remembered: together they bound the memory (~10 MB). */
export const WORD_GRAMS_LIMIT = 20_000;
const WORD_GRAMS_MAX_LENGTH = 40;
const wordGramColumns = new WeakMap<Vectorizer, Map<string, Int32Array>>();

function knownGramColumns(vectorizer: Vectorizer, word: string): Int32Array {
  const grams: string[] = [];
  pushCharGrams(grams, `<${word}>`);
  const known: number[] = [];
  for (const gram of grams) {
    const index = vectorizer.vocabulary.get(gram);
    if (index !== undefined) known.push(index);
  }
  return Int32Array.from(known);
}

/** The known columns of one word's character n-grams, remembered per vectorizer (words repeat across tickets). */
function gramColumns(vectorizer: Vectorizer, word: string): Int32Array {
  if (word.length > WORD_GRAMS_MAX_LENGTH) return knownGramColumns(vectorizer, word);
  let byWord = wordGramColumns.get(vectorizer);
  if (!byWord) {
    byWord = new Map();
    wordGramColumns.set(vectorizer, byWord);
  }
  let columns = byWord.get(word);
  if (!columns) {
    columns = knownGramColumns(vectorizer, word);
    // Text unlike anything seen before must not grow the memory without end: start over instead.
    if (byWord.size >= WORD_GRAMS_LIMIT) byWord.clear();
    byWord.set(word, columns);
  }
  return columns;
}

/**
 * `vectorize(vectorizer, featureStrings(text))` without building every feature string: the character n-grams of a
 * word are looked up once per vectorizer and word, and a ticket's row only looks up its words. Same row, to the bit
 * (a row depends only on which columns occur how often).
 */
export function vectorizeText(vectorizer: Vectorizer, text: string): SparseVector {
  const found: number[] = [];
  for (const token of tokenize(text)) {
    const index = vectorizer.vocabulary.get(`w ${token}`);
    if (index !== undefined) found.push(index);
  }
  let previous: string | null = null;
  for (const match of foldDiacritics(normalizeText(text)).matchAll(WORD)) {
    const word = match[0];
    if (previous !== null) {
      const index = vectorizer.vocabulary.get(`b ${previous} ${word}`);
      if (index !== undefined) found.push(index);
    }
    previous = word;
    for (const index of gramColumns(vectorizer, word)) found.push(index);
  }
  return weigh(vectorizer, Int32Array.from(found));
}

/** A row from the columns of its features, repeats included (in any order). */
function weigh(vectorizer: Vectorizer, columns: Int32Array): SparseVector {
  const size = columns.length;
  const sorted = columns.sort();
  let distinct = 0;
  for (let i = 0; i < size; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const indices = new Int32Array(distinct);
  const values = new Float64Array(distinct);
  let norm = 0;
  for (let i = 0, k = 0; i < size; k++) {
    const index = sorted[i]!;
    let count = 0;
    while (i < size && sorted[i] === index) {
      count++;
      i++;
    }
    const value = (1 + Math.log(count)) * vectorizer.idf[index]!;
    indices[k] = index;
    values[k] = value;
    norm += value * value;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i]! *= scale;
  }
  return { indices, values };
}
