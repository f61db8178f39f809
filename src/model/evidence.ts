import { anyPlaceholder, foldDiacritics, NO_SPACE_SCRIPT, normalizeText } from '../text/index.ts';
import { isStopWord } from './stop-words.ts';

/**
 * Redaction placeholders as src/redact's anonymizer writes them (`<PERSON_1>`, `<EMAIL_2>`), lower-cased as
 * normalizeText leaves them. The model reads their pieces ("person", "1", "arrives person") like any words; a reviewer
 * must never be shown them as the reason.
 */
const PLACEHOLDER = anyPlaceholder('gi');
/** A word as featureStrings and tokenize split text. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Kanji and katakana carry a Japanese text's content words; hiragana mostly its grammar ("ません", "した"). */
const CONTENT = /[\p{Script=Han}\p{Script=Katakana}ー]/u;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
/** A kanji run longer than this is more than a compound (Chinese writes whole clauses in Han): its bigram is shown. */
const MAX_HAN_RUN = 6;
/** "13", "00", "2": clock times and counts; error codes such as "502" have three digits and stay. */
const SHORT_NUMBER = /^\p{N}{1,2}$/u;

interface TicketWord {
  /** As the ticket spells it (normalized: NFKC, lower case). */
  readonly spelled: string;
  /** Without diacritics: what word pairs and character n-grams are built from. */
  readonly folded: string;
}

/** The words of a text outside redaction placeholders, and their adjacent pairs within the same stretch of text. */
export interface TicketWords {
  readonly words: readonly TicketWord[];
  /** Word tokens of spaced scripts, accented and folded → as spelled. */
  readonly bySpace: ReadonlyMap<string, string>;
  /** "folded folded" → "spelled spelled". */
  readonly pairs: ReadonlyMap<string, string>;
}

export function ticketWords(text: string): TicketWords {
  const words: TicketWord[] = [];
  const bySpace = new Map<string, string>();
  const pairs = new Map<string, string>();
  // A pair never spans a placeholder: "arrives <PERSON_1>" gives no "arrives person".
  for (const stretch of normalizeText(text).split(PLACEHOLDER)) {
    let previous: TicketWord | null = null;
    for (const match of stretch.matchAll(WORD)) {
      const word = { spelled: match[0], folded: foldDiacritics(match[0]) };
      words.push(word);
      if (!NO_SPACE_SCRIPT.test(word.spelled)) {
        bySpace.set(word.spelled, word.spelled);
        if (!bySpace.has(word.folded)) bySpace.set(word.folded, word.spelled);
      }
      if (previous !== null) pairs.set(`${previous.folded} ${word.folded}`, `${previous.spelled} ${word.spelled}`);
      previous = word;
    }
  }
  return { words, bySpace, pairs };
}

/**
 * The Japanese word around `at` in a run without spaces: the kanji or katakana run holding the first content
 * character of the piece at `at` ("ント" → "アカウント", "を毎" → "毎週"). Null for grammar alone (hiragana);
 * other unspaced scripts (Thai) keep the piece as it is.
 */
function wordAround(run: string, at: number, length: number): string | null {
  const piece = run.slice(at, at + length);
  if (HIRAGANA_ONLY.test(piece)) return null;
  let start = at;
  while (start < at + length && !CONTENT.test(run[start]!)) start++;
  if (start === at + length) return NO_SPACE_SCRIPT.test(piece) ? piece : null;
  const han = /\p{Script=Han}/u.test(run[start]!);
  const script = han ? /\p{Script=Han}/u : /[\p{Script=Katakana}ー]/u;
  let from = start;
  while (from > 0 && script.test(run[from - 1]!)) from--;
  let to = start + 1;
  while (to < run.length && script.test(run[to]!)) to++;
  // A katakana run is one loanword however long ("エクスポートボタン").
  return han && to - from > MAX_HAN_RUN ? piece : run.slice(from, to);
}

/** A word token (`w`) as the ticket spells it; null when it only came from a placeholder or is grammar. */
function wordToken(words: TicketWords, token: string): string | null {
  if (!NO_SPACE_SCRIPT.test(token)) return words.bySpace.get(token) ?? null;
  for (const word of words.words) {
    const at = word.spelled.indexOf(token);
    if (at >= 0) return wordAround(word.spelled, at, token.length);
  }
  return null;
}

/** The ticket word holding a character n-gram (`<acc`, `ess`, `ing>`): "…ess…" means nothing, "access" does. */
function gramWord(words: TicketWords, gram: string): string | null {
  for (const word of words.words) {
    const at = `<${word.folded}>`.indexOf(gram);
    if (at < 0) continue;
    if (!NO_SPACE_SCRIPT.test(word.spelled)) return word.spelled;
    // Unspaced runs are whole clauses: only the word around the n-gram, when folding kept the positions.
    if (word.folded.length !== word.spelled.length) return null;
    const start = Math.max(0, at - 1);
    const end = Math.min(word.spelled.length, at - 1 + gram.length);
    return wordAround(word.spelled, start, end - start);
  }
  return null;
}

/**
 * What the taxonomy names as meaningful: its keywords (rules, tags, urgency levels) and label names, as
 * `taxonomyTerms` compiles them. A stop-word list is written for prose, not for support tickets ("down", "order",
 * "cuenta" are in it): a term the taxonomy names is never hidden as filler.
 */
export interface TaxonomyTerms {
  /** Words and phrases of spaced scripts, normalised and folded ("down", "is down", "cuenta"). */
  readonly spaced: ReadonlySet<string>;
  /** Keywords in unspaced scripts ("障害", "サービス停止"): a piece inside one, or holding one, is kept. */
  readonly unspaced: readonly string[];
}

const NO_TERMS: TaxonomyTerms = { spaced: new Set(), unspaced: [] };
const compiled = new WeakMap<readonly string[], TaxonomyTerms>();

/** Compiles the taxonomy's keywords and label names once per list (the list is the taxonomy's frozen array). */
export function taxonomyTerms(keywords: readonly string[]): TaxonomyTerms {
  let terms = compiled.get(keywords);
  if (terms === undefined) {
    const spaced = new Set<string>();
    const unspaced: string[] = [];
    for (const keyword of keywords) {
      const normalized = normalizeText(keyword).trim();
      if (NO_SPACE_SCRIPT.test(normalized)) unspaced.push(normalized);
      // A phrase ("is down") is kept as the pair it is, not word by word: "is" stays filler.
      const words = foldDiacritics(normalized).match(WORD) ?? [];
      if (words.length > 0) spaced.add(words.join(' '));
    }
    terms = { spaced, unspaced };
    compiled.set(keywords, terms);
  }
  return terms;
}

function isTaxonomyTerm(terms: TaxonomyTerms, shown: string): boolean {
  if (NO_SPACE_SCRIPT.test(shown)) {
    return terms.unspaced.some((keyword) => keyword.includes(shown) || shown.includes(keyword));
  }
  return terms.spaced.has(foldDiacritics(shown));
}

/** Filler: a stop word of the languages the tokenizer reads, unless the taxonomy names it. */
function isFiller(terms: TaxonomyTerms, shown: string): boolean {
  return isStopWord(shown) && !isTaxonomyTerm(terms, shown);
}

/** A feature string (`w`, `b` or `c` and its text) as words a reviewer can read in the ticket, or null. */
export function readableFeature(words: TicketWords, feature: string, terms: TaxonomyTerms = NO_TERMS): string | null {
  const kind = feature[0];
  const body = feature.slice(2);
  // Pairs of unspaced runs are pairs of clauses ("設定の場所 お世話になっております"), not words.
  if (kind === 'b') {
    if (NO_SPACE_SCRIPT.test(body)) return null;
    const pair = words.pairs.get(body) ?? null;
    if (pair === null || isTaxonomyTerm(terms, pair)) return pair;
    // "about my" is filler however the model weighs it, and so is a listed phrase ("bao giờ"); "my invoice" keeps
    // the word that tells.
    return isStopWord(pair) || pair.split(' ').every((word) => isFiller(terms, word)) ? null : pair;
  }
  const shown = kind === 'w' ? wordToken(words, body) : gramWord(words, body);
  if (shown === null || isFiller(terms, shown) || SHORT_NUMBER.test(shown)) return null;
  return shown;
}
