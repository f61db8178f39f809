import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface PackageFile {
  /** Path inside the package, `/`-separated (`assets/logo.png`). */
  readonly path: string;
  readonly absolutePath: string;
  readonly isSymlink: boolean;
}

/** What Zendesk takes from an app folder; anything else (source, tests, node_modules) stays out. */
const TOP_FILES = ['manifest.json', 'requirements.json'];
const TOP_DIRS = ['assets', 'translations'];

async function walk(root: string, dir: string, found: PackageFile[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const absolutePath = join(dir, name);
    const stats = await lstat(absolutePath);
    const path = relative(root, absolutePath).split(sep).join('/');
    if (stats.isSymbolicLink()) found.push({ path, absolutePath, isSymlink: true });
    else if (stats.isDirectory()) await walk(root, absolutePath, found);
    else if (stats.isFile()) found.push({ path, absolutePath, isSymlink: false });
  }
}

/** The files that go into the app zip, sorted, symlinks included (so the validator can refuse them). */
export async function listPackageFiles(root: string): Promise<PackageFile[]> {
  const found: PackageFile[] = [];
  for (const name of TOP_FILES) {
    const absolutePath = join(root, name);
    const stats = await lstat(absolutePath).catch(() => null);
    if (stats && (stats.isFile() || stats.isSymbolicLink()))
      found.push({ path: name, absolutePath, isSymlink: stats.isSymbolicLink() });
  }
  for (const dir of TOP_DIRS) await walk(root, join(root, dir), found);
  return found;
}
