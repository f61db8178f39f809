import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root; every path below is relative to it, with forward slashes. */
export const repositoryRoot = join(import.meta.dirname, '../..');

/** Every .ts and .tsx file under a folder of the repository, as repository-relative paths. */
export function sourceFiles(folder: string): string[] {
  const walk = (absolute: string): string[] =>
    readdirSync(absolute).flatMap((name) => {
      const path = join(absolute, name);
      return statSync(path).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  return walk(join(repositoryRoot, folder))
    .map((path) => relative(repositoryRoot, path))
    .sort();
}

export interface RelativeImport {
  /** As written in the source, e.g. `../contract/index.ts`. */
  specifier: string;
  /** Repository-relative path it resolves to: the file when one exists, else the path as written. */
  target: string;
}

/**
 * The relative imports of one file: `import … from`, `export … from`, `import type`, side-effect imports and dynamic
 * `import('…')`, read by TypeScript's own pre-processor (no regex misses a multi-line import or a re-export).
 */
export function relativeImports(file: string): RelativeImport[] {
  const source = readFileSync(join(repositoryRoot, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .filter(({ fileName }) => fileName.startsWith('.'))
    .map(({ fileName }) => ({
      specifier: fileName,
      target: resolveFile(resolve(repositoryRoot, dirname(file), fileName)),
    }));
}

function resolveFile(absolute: string): string {
  const candidates = [absolute, `${absolute}.ts`, `${absolute}.tsx`, join(absolute, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? absolute;
  return relative(repositoryRoot, found);
}
