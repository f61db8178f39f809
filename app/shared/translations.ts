// The translation files as data, without React: the preview host page reads the shipped locales from here too.
import de from '../../translations/de.json';
import en from '../../translations/en.json';
import es from '../../translations/es.json';
import fr from '../../translations/fr.json';
import ja from '../../translations/ja.json';
import vi from '../../translations/vi.json';

type Nested = { [key: string]: string | Nested };

/** Flattens Zendesk's nested translation file to `a.b.c` keys. */
export function flattenTranslations(tree: Nested, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat[path] = value;
    else Object.assign(flat, flattenTranslations(value, path));
  }
  return flat;
}

/** Every bundled locale, flattened once; each holds every key of `en` (a test checks). */
export const translations: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: flattenTranslations(en),
  de: flattenTranslations(de),
  es: flattenTranslations(es),
  fr: flattenTranslations(fr),
  ja: flattenTranslations(ja),
  vi: flattenTranslations(vi),
};

export const DEFAULT_LOCALE = 'en';

/** `pt-BR` → `pt-BR` if bundled, else `pt`, else `en`. */
export function resolveLocale(requested: string | null | undefined): string {
  if (!requested) return DEFAULT_LOCALE;
  const normalised = requested.replace('_', '-');
  if (translations[normalised]) return normalised;
  const language = normalised.split('-')[0]?.toLowerCase() ?? '';
  return translations[language] ? language : DEFAULT_LOCALE;
}
