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
  /** The location pages (`iframe.html`, `review.html`) that load this file. */
  pages: string[];
}

/** The pages the build writes, one per app location. */
const PAGES = ['iframe.html', 'review.html'] as const;

/** Builds the app with the project's vite.config.ts into a temporary folder and measures its JavaScript per page. */
export async function measureAppBundle(): Promise<BundleSize[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'triage-bundle-'));
  try {
    await build({ configFile: join(import.meta.dirname, '../vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    // A page loads its entry script and the chunks it preloads: both are referenced from its HTML.
    const loadedBy = new Map<string, string[]>();
    for (const page of PAGES) {
      const html = readFileSync(join(outDir, page), 'utf8');
      for (const match of html.matchAll(/(?:src|href)="\.\/(app\/[^"]+\.js)"/g)) loadedBy.set(match[1] as string, [...(loadedBy.get(match[1] as string) ?? []), page]);
    }
    const bundleDir = join(outDir, 'app');
    return readdirSync(bundleDir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => {
        const content = readFileSync(join(bundleDir, file));
        return { file: `app/${file}`, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length, pages: loadedBy.get(`app/${file}`) ?? [] };
      });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function totalOf(files: readonly BundleSize[], page: string): { bytes: number; gzipBytes: number } {
  return files.filter((file) => file.pages.includes(page)).reduce((sum, file) => ({ bytes: sum.bytes + file.bytes, gzipBytes: sum.gzipBytes + file.gzipBytes }), { bytes: 0, gzipBytes: 0 });
}

/** Bundle size per location: React 18, Garden v9, styled-components, zod, the contract and the bundled ZAF SDK. */
export const bundleSection: BenchSection = {
  name: 'bundle',
  title: 'Sidebar bundle size',
  async run() {
    const files = await measureAppBundle();
    const sidebar = totalOf(files, 'iframe.html');
    const review = totalOf(files, 'review.html');
    return [
      'Production build of `app/` (`npm run build`, `vite.config.ts`): the ticket sidebar (`iframe.html`) and the nav_bar review queue (`review.html`) share one chunk. JavaScript only, gzip level 9. Command: `npm run bench -- --only bundle`.',
      '',
      '| file | loaded by | size | gzipped |',
      '|---|---|---|---|',
      ...files.map((file) => `| ${file.file.replace(/-[\w-]{8}\.js$/, '-[hash].js')} | ${file.pages.join(', ') || '—'} | ${kb(file.bytes)} | ${kb(file.gzipBytes)} |`),
      `| **sidebar total** (iframe.html) | | ${kb(sidebar.bytes)} | **${kb(sidebar.gzipBytes)}** |`,
      `| review queue total (review.html) | | ${kb(review.bytes)} | ${kb(review.gzipBytes)} |`,
      '',
      `Target for the sidebar ≤ ${kb(TARGET_GZIP_BYTES)} gzipped: ${sidebar.gzipBytes <= TARGET_GZIP_BYTES ? 'met' : 'NOT met'}.`,
    ].join('\n');
  },
};
