import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { PackageFile } from './package-files.ts';

/** A fixed time keeps the zip byte-identical for the same files. */
const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');

/** Writes the files into a zip at `outPath`, each at its package path (manifest.json at the root). */
export async function writeAppZip(files: readonly PackageFile[], outPath: string): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (file.isSymlink) throw new Error(`refusing to zip the symlink ${file.path}`);
    zip.addFile(file.absolutePath, file.path, { mtime: FIXED_MTIME, mode: 0o100644 });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(outPath));
}
