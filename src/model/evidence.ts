import { anyPlaceholder, foldDiacritics, NO_SPACE_SCRIPT, normalizeText } from '../text/index.ts';

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

/** Function words of the six demo languages: never offered as a reason on their own (a pair such as "my invoice" still is). */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but for with without to of in on at by from as is are was were be been it its this that these those ' +
    'i me my we our us you your he she they them their can could will would do does did not no so if then than there here ' +
    'also just one all any some more most very too again about after before since into out up down over please hi hello thanks ' +
    'der die das den dem des ein eine einen und oder aber für mit ohne zu von im in am an auf ist sind war ich wir sie es mein meine unser nicht bitte ' +
    'le la les l un une des du de et ou mais pour avec sans à au aux en dans sur est sont je nous vous il elle ils mon ma mes notre ne pas merci ' +
    'el la los las un una unos y o pero para por con sin a al del de en es son yo nosotros mi mis nuestro no gracias ' +
    'và hoặc nhưng cho với không của là có tôi chúng ta bạn anh chị em này đó được đã đang sẽ các những một trong'
  ).split(' '),
);

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

/** A feature string (`w`, `b` or `c` and its text) as words a reviewer can read in the ticket, or null. */
export function readableFeature(words: TicketWords, feature: string): string | null {
  const kind = feature[0];
  const body = feature.slice(2);
  // Pairs of unspaced runs are pairs of clauses ("設定の場所 お世話になっております"), not words.
  if (kind === 'b') {
    if (NO_SPACE_SCRIPT.test(body)) return null;
    const pair = words.pairs.get(body) ?? null;
    // "about my" is filler however the model weighs it; "my invoice" keeps the word that tells.
    return pair !== null && pair.split(' ').every((word) => FUNCTION_WORDS.has(word)) ? null : pair;
  }
  const shown = kind === 'w' ? wordToken(words, body) : gramWord(words, body);
  if (shown === null || FUNCTION_WORDS.has(shown) || SHORT_NUMBER.test(shown)) return null;
  return shown;
}
