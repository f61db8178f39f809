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
  it('app/ imports from the core only src/contract and src/taxonomy, and nothing from server/', () => {
    const offending: string[] = [];
    for (const file of files(join(root, 'app'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+['"](\.[^'"]+)['"]/g)) {
        const target = relative(root, resolve(dirname(file), match[1] as string));
        if (target.startsWith('app/') || target.startsWith('translations/')) continue;
        if (/^src\/(contract|taxonomy)(\/|$)/.test(target)) continue;
        offending.push(`${relative(root, file)} → ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('the shipped app (everything in app/ but the preview host) never calls fetch or XMLHttpRequest: backend calls go through client.request', () => {
    // app/preview plays Zendesk's part (the host page and its proxy); it is never packaged, so it may fetch its own origin.
    const shipped = files(join(root, 'app')).filter((file) => !relative(root, file).startsWith('app/preview/'));
    expect(shipped.length).toBeGreaterThan(5);
    const offending = shipped.filter((file) => /\bfetch\s*\(|XMLHttpRequest/.test(readFileSync(file, 'utf8')));
    expect(offending).toEqual([]);
  });
});
