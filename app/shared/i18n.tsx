import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { DEFAULT_LOCALE, resolveLocale, translations } from './translations.ts';

export { DEFAULT_LOCALE, flattenTranslations, resolveLocale, translations } from './translations.ts';

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Looks a key up in the locale, then in English; fills `{{name}}` placeholders. */
export function translator(locale: string): Translate {
  const strings = translations[resolveLocale(locale)] ?? {};
  const fallback = translations[DEFAULT_LOCALE] ?? {};
  return (key, values) => {
    const template = strings[key] ?? fallback[key] ?? key;
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
  };
}

const I18nContext = createContext<{ locale: string; t: Translate } | null>(null);

export function I18nProvider({ locale, children }: { locale: string; children: ReactNode }) {
  const resolved = resolveLocale(locale);
  const value = useMemo(() => ({ locale: resolved, t: translator(resolved) }), [resolved]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The translate function and locale. Throws outside `I18nProvider`. */
export function useI18n(): { locale: string; t: Translate } {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n() must be used inside <I18nProvider>');
  return value;
}

/** The highest confidence shown: a calibrated probability is never certainty, so nothing reads "100%". */
export const MAX_SHOWN_CONFIDENCE = 0.99;

/** Formats a 0–1 confidence as a whole percentage, capped at 99% (0.996 would round up to "100%"). */
export function useConfidencePercent(): (confidence: number) => string {
  const percent = usePercent();
  return useCallback(
    (confidence: number) => percent(Math.min(Math.max(confidence, 0), MAX_SHOWN_CONFIDENCE)),
    [percent],
  );
}

/** Formats a 0–1 fraction (a similarity, a share) as a whole percentage in the agent's locale. */
export function usePercent(): (fraction: number) => string {
  const { locale } = useI18n();
  const format = useMemo(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }), [locale]);
  return useCallback((fraction: number) => format.format(fraction), [format]);
}
