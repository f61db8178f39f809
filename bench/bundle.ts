import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BenchSection } from './section.ts';

/** Target from issue 4: the sidebar's JavaScript, gzipped. */
const TARGET_GZIP_BYTES = 300 * 1024;

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Builds the sidebar with the project's vite.config.ts into a temporary folder and measures its JavaScript. */
export async function measureSidebarBundle(): Promise<BundleSize[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'triage-bundle-'));
  try {
    await build({ configFile: join(import.meta.dirname, '../vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const bundleDir = join(outDir, 'app');
    return readdirSync(bundleDir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => {
        const content = readFileSync(join(bundleDir, file));
        return { file: `app/${file}`, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
      });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Sidebar bundle size: React 18, Garden v9, styled-components, zod, the contract and the bundled ZAF SDK. */
export const bundleSection: BenchSection = {
  name: 'bundle',
  title: 'Sidebar bundle size',
  async run() {
    const files = await measureSidebarBundle();
    const total = files.reduce((sum, file) => ({ bytes: sum.bytes + file.bytes, gzipBytes: sum.gzipBytes + file.gzipBytes }), { bytes: 0, gzipBytes: 0 });
    return [
      'Production build of `app/sidebar` (`npm run build`, `vite.config.ts`), JavaScript only, gzip level 9. Command: `npm run bench -- --only bundle`.',
      '',
      '| file | size | gzipped |',
      '|---|---|---|',
      ...files.map((file) => `| ${file.file.replace(/-[\w-]{8}\.js$/, '-[hash].js')} | ${kb(file.bytes)} | ${kb(file.gzipBytes)} |`),
      `| **total** | ${kb(total.bytes)} | **${kb(total.gzipBytes)}** |`,
      '',
      `Target ≤ ${kb(TARGET_GZIP_BYTES)} gzipped: ${total.gzipBytes <= TARGET_GZIP_BYTES ? 'met' : 'NOT met'}.`,
    ].join('\n');
  },
};
