import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenTranslations, resolveLocale, translations, translator } from '../../app/shared/i18n.tsx';

const root = join(import.meta.dirname, '../..');
const en = translations.en ?? {};
const uiKeys = Object.keys(en).filter((key) => key.startsWith('ui.'));
const locales = readdirSync(join(root, 'translations'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('translations', () => {
  it('en holds the marketplace strings and every parameter label and help text Zendesk asks for', () => {
    for (const key of [
      'app.name',
      'app.short_description',
      'app.long_description',
      'app.installation_instructions',
      'app.parameters.backend_url.label',
      'app.parameters.backend_url.helpText',
      'app.parameters.shared_secret.label',
      'app.parameters.shared_secret.helpText',
    ]) {
      expect(en[key], key).toBeTruthy();
    }
    expect((en['app.name'] ?? '').length).toBeLessThanOrEqual(40);
  });

  it('bundles every translations/*.json file and at least en, ja, vi, de, fr, es', () => {
    expect(Object.keys(translations).sort()).toEqual([...locales].sort());
    expect(locales).toEqual(expect.arrayContaining(['en', 'ja', 'vi', 'de', 'fr', 'es']));
  });

  it.each(locales.filter((locale) => locale !== 'en'))('%s has every ui key of en, no stale keys, and the same placeholders', (locale) => {
    const strings = translations[locale] ?? {};
    expect(uiKeys.filter((key) => !strings[key])).toEqual([]);
    expect(Object.keys(strings).filter((key) => !(key in en))).toEqual([]);
    for (const key of uiKeys) expect(placeholders(strings[key] ?? ''), `${locale} ${key}`).toEqual(placeholders(en[key] ?? ''));
  });

  it('every ui key the app code names exists in en', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(root, 'app'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['"`](ui\.[a-z_]+(?:\.[a-z_]+)+)['"`]/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });

  it('flattens nested files to dotted keys', () => {
    expect(flattenTranslations({ a: { b: 'x', c: { d: 'y' } } })).toEqual({ 'a.b': 'x', 'a.c.d': 'y' });
  });

  it.each([
    ['ja', 'ja'],
    ['de-AT', 'de'],
    ['pt_BR', 'en'],
    [undefined, 'en'],
  ])('resolves locale %s to %s', (requested, expected) => {
    expect(resolveLocale(requested)).toBe(expected);
  });

  it('fills placeholders and falls back to English for a key a locale lacks', () => {
    expect(translator('de')('ui.escalation.linked', { ticketId: 7 })).toBe('Verknüpft mit offener Eskalation #7');
    expect(translator('de')('app.name')).toBe('Triage Assist');
  });
});
