import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listPackageFiles, type PackageFile } from './package-files.ts';
import { pngSize } from './png-size.ts';
import { requirementsIssues } from './requirements-schema.ts';

/** One reason the package would be refused; `code` is stable, `message` says what to fix. */
export interface PackageProblem {
  readonly code: string;
  readonly message: string;
}

/** Zendesk's parameter types. */
export const PARAMETER_TYPES = [
  'text',
  'password',
  'checkbox',
  'url',
  'number',
  'multiline',
  'hidden',
  'oauth',
] as const;
/** Where a secure setting's value may be substituted by Zendesk's proxy. */
export const SECURE_SCOPES = [
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'basic_auth_username',
  'basic_auth_password',
] as const;
const LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  support: [
    'ticket_sidebar',
    'new_ticket_sidebar',
    'user_sidebar',
    'organization_sidebar',
    'top_bar',
    'nav_bar',
    'background',
    'ticket_editor',
    'modal',
  ],
  sell: ['deal_card', 'lead_card', 'person_card', 'company_card', 'top_bar', 'background'],
  chat: ['chat_sidebar', 'background'],
};
/** Locations whose icon Zendesk draws from a fixed SVG in assets/. */
const LOCATION_ICONS: Readonly<Record<string, string>> = {
  nav_bar: 'assets/icon_nav_bar.svg',
  top_bar: 'assets/icon_top_bar.svg',
};
const LOGOS = [
  { path: 'assets/logo.png', size: 320 },
  { path: 'assets/logo-small.png', size: 128 },
] as const;
const APP_KEYS = ['name', 'short_description', 'long_description', 'installation_instructions'] as const;
const REQUIREMENT_KEYS = [
  'ticket_fields',
  'user_fields',
  'organization_fields',
  'targets',
  'webhooks',
  'triggers',
  'automations',
  'macros',
  'views',
  'channel_integrations',
  'custom_objects',
  'custom_object_fields',
  'custom_resources',
];
const NAME = /^[a-z][a-z0-9_]*$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function at(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const part of path) value = isObject(value) ? value[part] : undefined;
  return value;
}

/** Zendesk sizes the icon by its viewBox: on the <svg>, or on the <symbol id="default"> of a sprite. */
function isIconSvg(text: string): boolean {
  const svg = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!svg) return false;
  if (/\sviewBox\s*=\s*["'][^"']+["']/.test(svg)) return true;
  const symbol = /<symbol\b[^>]*\sid\s*=\s*["']default["'][^>]*>/i.exec(text)?.[0];
  return symbol !== undefined && /\sviewBox\s*=\s*["'][^"']+["']/.test(symbol);
}

class Problems {
  readonly list: PackageProblem[] = [];
  add(code: string, message: string): void {
    this.list.push({ code, message });
  }
}

function checkAuthor(manifest: Json, problems: Problems): void {
  const author = manifest.author;
  if (!isObject(author))
    return problems.add('author_missing', 'manifest.json needs "author" with "name", "email" and "url"');
  if (!nonEmptyString(author.name)) problems.add('author_name', 'manifest.json author.name is required');
  if (typeof author.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(author.email))
    problems.add('author_email', 'manifest.json author.email must be an email address');
  if (typeof author.url !== 'string' || !/^https?:\/\/\S+$/.test(author.url))
    problems.add('author_url', 'manifest.json author.url must be an http(s) URL');
}

function locationUrls(manifest: Json, problems: Problems): { location: string; url: string }[] {
  const location = manifest.location;
  if (!isObject(location) || Object.keys(location).length === 0) {
    problems.add(
      'location_missing',
      'manifest.json needs "location", e.g. { "support": { "ticket_sidebar": { "url": "assets/iframe.html" } } }',
    );
    return [];
  }
  const urls: { location: string; url: string }[] = [];
  for (const [product, places] of Object.entries(location)) {
    const known = LOCATIONS[product];
    if (!known) {
      problems.add(
        'location_product',
        `manifest.json location.${product} is not a Zendesk product (${Object.keys(LOCATIONS).join(', ')})`,
      );
      continue;
    }
    if (!isObject(places)) {
      problems.add('location_invalid', `manifest.json location.${product} must be an object of locations`);
      continue;
    }
    for (const [place, value] of Object.entries(places)) {
      if (!known.includes(place))
        problems.add('location_unknown', `manifest.json location.${product}.${place} is not a ${product} location`);
      const url = typeof value === 'string' ? value : isObject(value) ? value.url : undefined;
      if (!nonEmptyString(url))
        problems.add('location_url_missing', `manifest.json location.${product}.${place} needs a "url"`);
      else urls.push({ location: place, url });
    }
  }
  return urls;
}

function checkParameters(manifest: Json, problems: Problems): string[] {
  const parameters = manifest.parameters ?? [];
  if (!Array.isArray(parameters)) {
    problems.add('parameters_invalid', 'manifest.json "parameters" must be an array');
    return [];
  }
  const names: string[] = [];
  for (const [index, parameter] of parameters.entries()) {
    const label = `parameters[${index}]`;
    if (!isObject(parameter) || typeof parameter.name !== 'string' || !NAME.test(parameter.name)) {
      problems.add('parameter_name', `manifest.json ${label}.name must be lower_snake_case`);
      continue;
    }
    const where = `parameter "${parameter.name}"`;
    if (names.includes(parameter.name))
      problems.add('parameter_duplicate', `manifest.json ${where} is declared twice: names must be unique`);
    names.push(parameter.name);
    if (!(PARAMETER_TYPES as readonly unknown[]).includes(parameter.type))
      problems.add(
        'parameter_type',
        `manifest.json ${where} has type ${JSON.stringify(parameter.type)}; allowed: ${PARAMETER_TYPES.join(', ')}`,
      );
    for (const flag of ['required', 'secure'] as const) {
      if (parameter[flag] !== undefined && typeof parameter[flag] !== 'boolean')
        problems.add('parameter_flag', `manifest.json ${where}: "${flag}" must be true or false`);
    }
    if (parameter.secure === true) {
      if ('default' in parameter)
        problems.add('secure_default', `manifest.json ${where} is secure and must not have a default`);
      const scopes = parameter.scopes;
      if (!Array.isArray(scopes) || scopes.length === 0)
        problems.add(
          'secure_scopes_missing',
          `manifest.json ${where} is secure and needs "scopes" (${SECURE_SCOPES.join(', ')})`,
        );
      else {
        const unknown = scopes.filter((scope) => !(SECURE_SCOPES as readonly unknown[]).includes(scope));
        if (unknown.length > 0)
          problems.add(
            'secure_scopes_unknown',
            `manifest.json ${where} has unknown scopes ${JSON.stringify(unknown)}; allowed: ${SECURE_SCOPES.join(', ')}`,
          );
      }
    } else if (parameter.scopes !== undefined) {
      problems.add('scopes_without_secure', `manifest.json ${where} has "scopes" but is not secure`);
    }
  }
  return names;
}

function checkTranslations(
  locale: string,
  translations: Readonly<Record<string, unknown>>,
  parameterNames: readonly string[],
  problems: Problems,
): void {
  const messages = translations[locale];
  if (messages === undefined)
    return problems.add('translation_missing', `translations/${locale}.json (the defaultLocale) is missing`);
  for (const key of APP_KEYS) {
    if (!nonEmptyString(at(messages, ['app', key])))
      problems.add('translation_key', `translations/${locale}.json lacks app.${key}`);
  }
  const shortDescription = at(messages, ['app', 'short_description']);
  if (typeof shortDescription === 'string' && shortDescription.length > 80)
    problems.add(
      'short_description_length',
      `translations/${locale}.json app.short_description is ${shortDescription.length} characters; keep it within 80`,
    );
  for (const name of parameterNames) {
    for (const key of ['label', 'helpText']) {
      if (!nonEmptyString(at(messages, ['app', 'parameters', name, key])))
        problems.add('translation_key', `translations/${locale}.json lacks app.parameters.${name}.${key}`);
    }
  }
}

async function readTranslations(files: readonly PackageFile[], problems: Problems): Promise<Record<string, unknown>> {
  const translations: Record<string, unknown> = {};
  for (const file of files.filter((candidate) => candidate.path.startsWith('translations/'))) {
    const locale = /^translations\/([a-z]{2,3}(?:-[a-z0-9]{2,4})?)\.json$/i.exec(file.path)?.[1];
    if (!locale) {
      problems.add('translation_file', `${file.path} is not a translations/<locale>.json file`);
      continue;
    }
    if (file.isSymlink) continue;
    const parsed = parseJson(await readFile(file.absolutePath, 'utf8'));
    if (!parsed.ok || !isObject(parsed.value)) problems.add('translation_json', `${file.path} is not a JSON object`);
    else translations[locale] = parsed.value;
  }
  return translations;
}

async function checkRequirements(file: PackageFile | undefined, problems: Problems): Promise<void> {
  if (!file || file.isSymlink) return;
  const parsed = parseJson(await readFile(file.absolutePath, 'utf8'));
  if (!parsed.ok || !isObject(parsed.value))
    return problems.add('requirements_json', 'requirements.json is not a JSON object');
  for (const key of Object.keys(parsed.value)) {
    if (!REQUIREMENT_KEYS.includes(key))
      problems.add(
        'requirements_key',
        `requirements.json has unknown section "${key}" (${REQUIREMENT_KEYS.join(', ')})`,
      );
  }
  for (const issue of requirementsIssues(parsed.value))
    problems.add('requirements_invalid', `requirements.json ${issue}`);
}

async function checkLogos(byPath: ReadonlyMap<string, PackageFile>, problems: Problems): Promise<void> {
  for (const logo of LOGOS) {
    const file = byPath.get(logo.path);
    if (!file) {
      problems.add(
        'logo_missing',
        `${logo.path} (${logo.size}×${logo.size} PNG) is missing: run \`npx tsx scripts/make-logos.ts\``,
      );
      continue;
    }
    if (file.isSymlink) continue;
    const size = pngSize(await readFile(file.absolutePath));
    if (!size) problems.add('logo_not_png', `${logo.path} is not a PNG`);
    else if (size.width !== logo.size || size.height !== logo.size)
      problems.add('logo_size', `${logo.path} is ${size.width}×${size.height}; it must be ${logo.size}×${logo.size}`);
  }
}

/**
 * Checks an app folder the way Zendesk's validator does (`zcli apps:validate` needs an account): required
 * manifest fields, marketplace rules, locations that exist in the package, parameter rules, translation keys,
 * logo sizes and no symlinks. An empty list means the package is valid.
 */
export async function validateAppPackage(root: string): Promise<PackageProblem[]> {
  const problems = new Problems();
  const files = await listPackageFiles(root);
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const file of files.filter((candidate) => candidate.isSymlink))
    problems.add('symlink', `${file.path} is a symbolic link; Zendesk packages may not contain symlinks`);

  const manifestFile = byPath.get('manifest.json');
  if (!manifestFile) {
    problems.add('manifest_missing', 'manifest.json is missing at the package root');
    return problems.list;
  }
  const parsed = parseJson(await readFile(join(root, 'manifest.json'), 'utf8'));
  if (!parsed.ok || !isObject(parsed.value)) {
    problems.add('manifest_json', 'manifest.json is not a JSON object');
    return problems.list;
  }
  const manifest = parsed.value;
  if (!nonEmptyString(manifest.name)) problems.add('name_missing', 'manifest.json needs a "name"');
  checkAuthor(manifest, problems);
  if (manifest.frameworkVersion !== '2.0')
    problems.add(
      'framework_version',
      `manifest.json "frameworkVersion" must be "2.0" (found ${JSON.stringify(manifest.frameworkVersion)})`,
    );
  if (typeof manifest.version !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(manifest.version))
    problems.add('version', 'manifest.json "version" must look like 1.2.3');
  if (manifest.private !== false)
    problems.add('private', 'manifest.json "private" must be false for a marketplace app');
  if (!nonEmptyString(manifest.defaultLocale))
    problems.add('default_locale', 'manifest.json needs "defaultLocale", e.g. "en"');

  for (const { location, url } of locationUrls(manifest, problems)) {
    if (/^https:\/\//.test(url)) continue;
    if (/^[a-z]+:/i.test(url) || url.startsWith('/') || url.split('/').includes('..'))
      problems.add('location_url', `location ${location} url "${url}" must be https:// or a path inside the package`);
    else if (!byPath.has(url))
      problems.add(
        'location_url_missing_file',
        `location ${location} url "${url}" is not in the package (build the app first)`,
      );
    const icon = LOCATION_ICONS[location];
    const iconFile = icon ? byPath.get(icon) : undefined;
    if (icon && !iconFile) problems.add('location_icon', `location ${location} needs ${icon}`);
    else if (icon && iconFile && !iconFile.isSymlink && !isIconSvg(await readFile(iconFile.absolutePath, 'utf8'))) {
      problems.add(
        'location_icon_invalid',
        `${icon} must be an <svg> with a viewBox (or a <symbol id="default"> with one); Zendesk draws it at 18×18`,
      );
    }
  }
  const parameterNames = checkParameters(manifest, problems);
  const translations = await readTranslations(files, problems);
  if (nonEmptyString(manifest.defaultLocale))
    checkTranslations(manifest.defaultLocale, translations, parameterNames, problems);
  await checkRequirements(byPath.get('requirements.json'), problems);
  await checkLogos(byPath, problems);
  return problems.list;
}
