import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { foldDiacritics, NO_SPACE_SCRIPT, normalizeText } from '../text/index.ts';

/**
 * The languages whose function words are never offered as the "why": the app's six UI languages and Chinese, whose
 * tickets the tokenizer reads as well. The lists are stopwords-iso's (MIT, collated from many maintained sources),
 * not kept by hand here; a ticket's language is not known at this point, so one set holds them all.
 */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'vi', 'ja', 'zh'] as const;

/** As ticket words are compared: normalised (NFKC, lower case), and folded where the ticket's word is compared folded. */
function forms(word: string): string[] {
  const spelled = normalizeText(word).trim();
  const folded = foldDiacritics(spelled);
  return folded === spelled ? [spelled] : [spelled, folded];
}

const STOP_WORDS: ReadonlySet<string> = new Set(LANGUAGES.flatMap((language) => stopwordsIso[language].flatMap(forms)));

/** Single characters the lists name as words of their own (的, 了, 私, の): a piece made only of them is grammar. */
const STOP_CHARACTERS: ReadonlySet<string> = new Set(
  [...STOP_WORDS].filter((word) => NO_SPACE_SCRIPT.test(word) && Array.from(word).length === 1),
);

/**
 * True for a word or piece of an unspaced run that only carries grammar: a listed stop word ("the", "über", "của",
 * "ので", "我们"), or an unspaced piece made of listed single characters only ("的了").
 */
export function isStopWord(word: string): boolean {
  if (STOP_WORDS.has(word)) return true;
  return NO_SPACE_SCRIPT.test(word) && Array.from(word).every((character) => STOP_CHARACTERS.has(character));
}
