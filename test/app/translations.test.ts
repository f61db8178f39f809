import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenTranslations, resolveLocale, translations, translator } from '../../app/shared/i18n.tsx';

const root = join(import.meta.dirname, '../..');
const en = translations.en ?? {};
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

  // Every key, app.* included: Zendesk shows the settings page (parameter labels, help texts) in the admin's language.
  it.each(locales.filter((locale) => locale !== 'en'))(
    '%s has every key of en (ui and app settings), no stale keys, and the same placeholders',
    (locale) => {
      const strings = translations[locale] ?? {};
      expect(Object.keys(en).filter((key) => !strings[key])).toEqual([]);
      expect(Object.keys(strings).filter((key) => !(key in en))).toEqual([]);
      for (const key of Object.keys(en))
        expect(placeholders(strings[key] ?? ''), `${locale} ${key}`).toEqual(placeholders(en[key] ?? ''));
    },
  );

  it.each(locales)('%s keeps app.name within 40 and app.short_description within 80 characters', (locale) => {
    const strings = translations[locale] ?? {};
    expect((strings['app.name'] ?? '').length).toBeLessThanOrEqual(40);
    expect((strings['app.short_description'] ?? '').length).toBeLessThanOrEqual(80);
  });

  it('translates the settings page: parameter labels differ from English where the language does', () => {
    expect(translator('de')('app.parameters.shared_secret.label')).toBe('Gemeinsames Geheimnis');
    expect(translator('ja')('app.parameters.backend_url.label')).toBe('バックエンド URL');
  });

  it('every ui key the app code names exists in en', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(root, 'app'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['"`](ui\.[a-z_]+(?:\.[a-z_]+)+)['"`]/g))
        used.add(match[1] as string);
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
    expect(translator('pt')('ui.similar.search_button')).toBe('Search');
  });
});
