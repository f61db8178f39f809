/**
 * The language a ticket is written in, as an ISO 639-1 code, or null when unsure: too little text, or a guess the
 * detector itself calls unreliable. eld (Nito-ELD) is the detector: n-gram tables shipped inside its npm package,
 * nothing fetched at run time. See docs/decisions/2026-12-07-language-detection.md.
 */

/** What this module reads of eld's answer. */
export interface LanguageGuess {
  readonly language: string;
  isReliable(): boolean;
}

/** eld's detector (or a test's stand-in). */
export interface LanguageModel {
  detect(text: string): LanguageGuess;
}

/**
 * Fewer letters than this (after placeholders, links and numbers are left out) is too little to tell: "Hi", "Help",
 * "ok thanks" are answered null (eld reads "Hi" as Catalan). The shortest tickets of test/language ("Wo ist meine
 * Bestellung?", 20 letters) are well above it.
 */
export const MIN_LETTERS = 12;

/** Redaction placeholders (`<EMAIL_1>`), links, addresses and anything without letters say nothing of the language. */
const NOISE = /<[A-Z][A-Z0-9_]*>|\bhttps?:\/\/\S+|\bwww\.\S+|\S+@\S+|[^\p{L}\p{M}'’\s-]+/gu;

/** The text the detector reads: words only, at most the first 2,000 characters (enough, and bounded work). */
export function languageText(text: string): string {
  return text.slice(0, 4_000).replace(NOISE, ' ').replace(/\s+/g, ' ').trim().slice(0, 2_000);
}

/** The language of `text` by `model`, or null when unsure. Pure: the same text and model give the same answer. */
export function languageOf(model: LanguageModel, text: string): string | null {
  const words = languageText(text);
  const letters = words.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return null;
  const guess = model.detect(words);
  if (!/^[a-z]{2}$/.test(guess.language) || !guess.isReliable()) return null;
  return guess.language;
}

let loading: Promise<LanguageModel> | null = null;

/**
 * eld's smallest table set (about 60 languages, ~30 MB of heap once loaded), loaded on first use: most commands never
 * triage, and loading takes a second or two. A server warms it at start (see server/runtime).
 */
export function loadLanguageModel(): Promise<LanguageModel> {
  loading ??= import('eld/extrasmall').then((module) => module.eld);
  return loading;
}

/** The ISO 639-1 language of `text`, or null when unsure. */
export async function detectLanguage(text: string): Promise<string | null> {
  return languageOf(await loadLanguageModel(), text);
}
