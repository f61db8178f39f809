import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeImports, repositoryRoot, sourceFiles } from '../support/imports.ts';

describe('app import boundaries', () => {
  const importsOf = (file: string): string[] => relativeImports(file).map(({ target }) => target);

  it('app/ imports from the core only src/contract, src/taxonomy and src/routing (the preview host also src/preview-host), and nothing from server/', () => {
    const offending: string[] = [];
    for (const file of sourceFiles('app')) {
      const isPreviewHost = file.startsWith('app/preview/');
      for (const target of importsOf(file)) {
        if (target.startsWith('app/') || target.startsWith('translations/')) continue;
        if (/^src\/(contract|taxonomy|routing)(\/|$)/.test(target)) continue;
        if (isPreviewHost && /^src\/preview-host(\/|$)/.test(target)) continue;
        offending.push(`${file} → ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('one location never reaches into another: app/review and app/sidebar import only app/shared besides themselves', () => {
    const offending: string[] = [];
    for (const location of ['sidebar', 'review']) {
      for (const file of sourceFiles(`app/${location}`)) {
        for (const target of importsOf(file)) {
          if (target.startsWith('app/') && !target.startsWith(`app/${location}/`) && !target.startsWith('app/shared/'))
            offending.push(`${file} → ${target}`);
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
    const shipped = sourceFiles('app').filter((file) => !file.startsWith('app/preview/'));
    expect(shipped.length).toBeGreaterThan(5);
    const offending = shipped.filter((file) =>
      /\bfetch\s*\(|XMLHttpRequest/.test(readFileSync(join(repositoryRoot, file), 'utf8')),
    );
    expect(offending).toEqual([]);
  });
});
