import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPackageFiles, validateAppPackage, writeAppZip } from '../../server/package/index.ts';
import { drawLogo } from '../../scripts/make-logos.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let scratch: string;

interface ParameterStrings {
  label?: string;
  helpText?: string;
}

/** translations/en.json as the tests write it; the keys the tests delete are optional. */
interface Strings {
  app: {
    name: string;
    short_description?: string;
    long_description: string;
    installation_instructions: string;
    parameters: { backend_url: ParameterStrings; shared_secret: ParameterStrings };
  };
}

const EN: Strings = {
  app: {
    name: 'Triage Assist',
    short_description: 'Suggests label, priority and tags.',
    long_description: 'Long description.',
    installation_instructions: 'Enter the backend URL and the shared secret.',
    parameters: {
      backend_url: { label: 'Backend URL', helpText: 'Where the backend runs.' },
      shared_secret: { label: 'Shared secret', helpText: 'Signs each request.' },
    },
  },
};

interface ManifestLocation {
  url: string;
  flexible?: boolean;
}

interface ManifestParameter {
  name: string;
  type: string;
  required?: boolean;
  secure?: boolean;
  scopes?: string[];
  default?: string;
}

/** manifest.json as read from the repository; the fields the tests delete are optional. */
interface Manifest {
  name: string;
  author?: { name: string; email: string; url?: string };
  defaultLocale: string;
  private?: boolean;
  location?: {
    support: { ticket_sidebar: ManifestLocation; nav_bar: ManifestLocation; [name: string]: ManifestLocation };
  };
  version?: string;
  frameworkVersion?: string;
  parameters: ManifestParameter[];
}

/** A valid package: the repo's real manifest and logos, a stub app page and English strings. */
async function makePackage(
  name: string,
  change: {
    manifest?: (manifest: Manifest) => void;
    en?: (en: Strings) => void;
    files?: (dir: string) => Promise<void>;
  } = {},
): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(join(dir, 'assets'), { recursive: true });
  await mkdir(join(dir, 'translations'), { recursive: true });
  const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as Manifest;
  change.manifest?.(manifest);
  const en = structuredClone(EN);
  change.en?.(en);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'translations', 'en.json'), JSON.stringify(en));
  await writeFile(join(dir, 'assets', 'iframe.html'), '<!doctype html>');
  for (const asset of ['logo.png', 'logo-small.png', 'icon_nav_bar.svg'])
    await cp(join(root, 'assets', asset), join(dir, 'assets', asset));
  await change.files?.(dir);
  return dir;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'validate-app-'));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('app package validator', () => {
  it('accepts the real manifest, translations and logos of this repository', async () => {
    // The bundle is built, not committed: a stub stands in for assets/iframe.html when it has not been built.
    const dir = join(scratch, 'real');
    await mkdir(dir, { recursive: true });
    await cp(join(root, 'manifest.json'), join(dir, 'manifest.json'));
    await cp(join(root, 'translations'), join(dir, 'translations'), { recursive: true });
    await cp(join(root, 'assets'), join(dir, 'assets'), { recursive: true });
    if (!existsSync(join(dir, 'assets', 'iframe.html')))
      await writeFile(join(dir, 'assets', 'iframe.html'), '<!doctype html>');
    expect(await validateAppPackage(dir)).toEqual([]);
  });

  it('accepts the fixture package', async () => {
    expect(await validateAppPackage(await makePackage('valid'))).toEqual([]);
  });

  it('declares the ticket sidebar and the nav_bar review queue, both on the one app page (the app reads its location)', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.location?.support).toEqual({
      ticket_sidebar: { url: 'assets/iframe.html', flexible: true },
      nav_bar: { url: 'assets/iframe.html' },
    });
  });

  it('accepts an icon sprite whose default symbol has the viewBox', async () => {
    const sprite =
      '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="default" viewBox="0 0 18 18"><circle cx="9" cy="9" r="5"/></symbol></svg>';
    expect(
      await validateAppPackage(
        await makePackage('sprite', { files: (dir) => writeFile(join(dir, 'assets', 'icon_nav_bar.svg'), sprite) }),
      ),
    ).toEqual([]);
  });

  it.each<[string, string, Parameters<typeof makePackage>[1]]>([
    ['no author', 'author_missing', { manifest: (m) => delete m.author }],
    ['an author without email', 'author_email', { manifest: (m) => (m.author!.email = 'nobody') }],
    ['private: true', 'private', { manifest: (m) => (m.private = true) }],
    ['frameworkVersion 1.0', 'framework_version', { manifest: (m) => (m.frameworkVersion = '1.0') }],
    ['no version', 'version', { manifest: (m) => delete m.version }],
    ['no location', 'location_missing', { manifest: (m) => delete m.location }],
    [
      'a location that is not Zendesk’s',
      'location_unknown',
      { manifest: (m) => (m.location!.support.ticket_sidebarr = { url: 'assets/iframe.html' }) },
    ],
    [
      'a location URL missing from the package',
      'location_url_missing_file',
      { manifest: (m) => (m.location!.support.ticket_sidebar.url = 'assets/missing.html') },
    ],
    [
      'a location URL leaving the package',
      'location_url',
      { manifest: (m) => (m.location!.support.ticket_sidebar.url = '../iframe.html') },
    ],
    ['a nav_bar without its icon', 'location_icon', { files: (dir) => rm(join(dir, 'assets', 'icon_nav_bar.svg')) }],
    [
      'a nav_bar page missing from the package',
      'location_url_missing_file',
      { manifest: (m) => (m.location!.support.nav_bar.url = 'assets/review.html') },
    ],
    [
      'a nav_bar icon without a viewBox',
      'location_icon_invalid',
      {
        files: (dir) =>
          writeFile(
            join(dir, 'assets', 'icon_nav_bar.svg'),
            '<svg xmlns="http://www.w3.org/2000/svg" width="18"><circle r="5"/></svg>',
          ),
      },
    ],
    [
      'a nav_bar icon that is not SVG',
      'location_icon_invalid',
      { files: (dir) => writeFile(join(dir, 'assets', 'icon_nav_bar.svg'), 'GIF89a') },
    ],
    [
      'a duplicate parameter',
      'parameter_duplicate',
      { manifest: (m) => m.parameters.push({ name: 'backend_url', type: 'url' }) },
    ],
    ['an unknown parameter type', 'parameter_type', { manifest: (m) => (m.parameters[0]!.type = 'colour') }],
    ['a secure parameter without scopes', 'secure_scopes_missing', { manifest: (m) => delete m.parameters[1]!.scopes }],
    [
      'a secure parameter with an unknown scope',
      'secure_scopes_unknown',
      { manifest: (m) => (m.parameters[1]!.scopes = ['anywhere']) },
    ],
    [
      'a secure parameter with a default',
      'secure_default',
      { manifest: (m) => (m.parameters[1]!.default = 'changeme') },
    ],
    [
      'scopes on a non-secure parameter',
      'scopes_without_secure',
      { manifest: (m) => (m.parameters[0]!.scopes = ['header']) },
    ],
    ['a missing app.short_description', 'translation_key', { en: (en) => delete en.app.short_description }],
    ['a missing parameter label', 'translation_key', { en: (en) => delete en.app.parameters.shared_secret.label }],
    ['a missing parameter help text', 'translation_key', { en: (en) => delete en.app.parameters.backend_url.helpText }],
    ['no translations for the default locale', 'translation_missing', { manifest: (m) => (m.defaultLocale = 'fr') }],
    [
      'a translations file that is not JSON',
      'translation_json',
      { files: (dir) => writeFile(join(dir, 'translations', 'de.json'), '{ nope') },
    ],
    [
      'a logo of the wrong size',
      'logo_size',
      { files: (dir) => writeFile(join(dir, 'assets', 'logo.png'), PNG.sync.write(drawLogo(300))) },
    ],
    ['a missing small logo', 'logo_missing', { files: (dir) => rm(join(dir, 'assets', 'logo-small.png')) }],
    [
      'a logo that is not a PNG',
      'logo_not_png',
      { files: (dir) => writeFile(join(dir, 'assets', 'logo.png'), 'GIF89a') },
    ],
    ['a symlink in assets', 'symlink', { files: (dir) => symlink('/etc/hostname', join(dir, 'assets', 'linked.txt')) }],
    [
      'a requirements.json with an unknown section',
      'requirements_key',
      { files: (dir) => writeFile(join(dir, 'requirements.json'), '{"tickets": {}}') },
    ],
  ])('rejects %s (%s)', async (name, code, change) => {
    const problems = await validateAppPackage(await makePackage(name.replace(/\W+/g, '-'), change));
    expect(problems.map((problem) => problem.code)).toContain(code);
    expect(problems.find((problem) => problem.code === code)?.message.length).toBeGreaterThan(15);
  });

  it('rejects a folder without manifest.json', async () => {
    const dir = await makePackage('no-manifest', { files: (path) => rm(join(path, 'manifest.json')) });
    expect(await validateAppPackage(dir)).toEqual([expect.objectContaining({ code: 'manifest_missing' })]);
  });
});

/** Entry names from a zip's central directory. */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('app zip', () => {
  it('holds exactly the manifest, requirements, assets and translations, manifest at the root', async () => {
    const dir = await makePackage('zip', {
      files: async (path) => {
        await mkdir(join(path, 'assets', 'app'), { recursive: true });
        await writeFile(join(path, 'assets', 'app', 'main.js'), 'x');
        await writeFile(join(path, 'requirements.json'), '{}');
        await writeFile(join(path, 'package.json'), '{}');
        await mkdir(join(path, 'src'));
        await writeFile(join(path, 'src', 'secret.ts'), 'x');
        await writeFile(join(path, 'assets', '.DS_Store'), 'x');
      },
    });
    const out = join(dir, 'dist', 'app.zip');
    await writeAppZip(await listPackageFiles(dir), out);
    expect(zipEntries(await readFile(out)).sort()).toEqual(
      [
        'assets/app/main.js',
        'assets/icon_nav_bar.svg',
        'assets/iframe.html',
        'assets/logo-small.png',
        'assets/logo.png',
        'manifest.json',
        'requirements.json',
        'translations/en.json',
      ].sort(),
    );
  });

  it('is byte-identical when written twice from the same files', async () => {
    const dir = await makePackage('zip-twice');
    const files = await listPackageFiles(dir);
    await writeAppZip(files, join(dir, 'a.zip'));
    await writeAppZip(files, join(dir, 'b.zip'));
    expect((await readFile(join(dir, 'a.zip'))).equals(await readFile(join(dir, 'b.zip')))).toBe(true);
  });
});
