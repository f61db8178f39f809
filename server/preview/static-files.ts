import { lstat, readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Reads `relativePath` under `root`, or null when it is missing, not a regular file, a symlink, has an
 * unknown type or would leave `root`. A handful of files needs no static-file plugin.
 */
export async function readStaticFile(root: string, relativePath: string): Promise<StaticFile | null> {
  const contentType = CONTENT_TYPES[extname(relativePath).toLowerCase()];
  if (!contentType || relativePath.includes('\0')) return null;
  const base = resolve(root);
  const path = resolve(base, relativePath);
  if (!path.startsWith(base + sep)) return null;
  try {
    const stats = await lstat(path);
    if (!stats.isFile()) return null;
    return { body: await readFile(path), contentType };
  } catch {
    return null;
  }
}
