import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function files(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('app import boundaries', () => {
  function importsOf(file: string): string[] {
    return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+['"](\.[^'"]+)['"]/g)].map((match) => relative(root, resolve(dirname(file), match[1] as string)));
  }

  it('app/ imports from the core only src/contract and src/taxonomy (the preview host also src/preview-host), and nothing from server/', () => {
    const offending: string[] = [];
    for (const file of files(join(root, 'app'))) {
      const isPreviewHost = relative(root, file).startsWith('app/preview/');
      for (const target of importsOf(file)) {
        if (target.startsWith('app/') || target.startsWith('translations/')) continue;
        if (/^src\/(contract|taxonomy)(\/|$)/.test(target)) continue;
        if (isPreviewHost && /^src\/preview-host(\/|$)/.test(target)) continue;
        offending.push(`${relative(root, file)} → ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('one location never reaches into another: app/review and app/sidebar import only app/shared besides themselves', () => {
    const offending: string[] = [];
    for (const location of ['sidebar', 'review']) {
      for (const file of files(join(root, 'app', location))) {
        for (const target of importsOf(file)) {
          if (target.startsWith('app/') && !target.startsWith(`app/${location}/`) && !target.startsWith('app/shared/')) offending.push(`${relative(root, file)} → ${target}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('the product contract holds no preview-host schema: src/contract exports nothing named Preview* or Zaf*', async () => {
    const contract = await import('../../src/contract/index.ts');
    expect(Object.keys(contract).filter((name) => /^(Preview|Zaf)/.test(name))).toEqual([]);
  });

  it('the shipped app (everything in app/ but the preview host) never calls fetch or XMLHttpRequest: backend calls go through client.request', () => {
    // app/preview plays Zendesk's part (the host page and its proxy); it is never packaged, so it may fetch its own origin.
    const shipped = files(join(root, 'app')).filter((file) => !relative(root, file).startsWith('app/preview/'));
    expect(shipped.length).toBeGreaterThan(5);
    const offending = shipped.filter((file) => /\bfetch\s*\(|XMLHttpRequest/.test(readFileSync(file, 'utf8')));
    expect(offending).toEqual([]);
  });
});
