export {
  detectLanguage,
  languageOf,
  languageText,
  loadLanguageModel,
  MIN_LETTERS,
  type LanguageGuess,
  type LanguageModel,
} from './detect-language.ts';
