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
  /** Whether the app's page (`iframe.html`, which every location loads) loads this file at start. */
  loaded: boolean;
}

/** Builds the app with the project's vite.config.ts into a temporary folder and measures its JavaScript. */
export async function measureAppBundle(): Promise<BundleSize[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'triage-bundle-'));
  try {
    await build({
      configFile: join(import.meta.dirname, '../vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    // The page loads its entry script and the chunks it preloads: both are referenced from its HTML.
    const html = readFileSync(join(outDir, 'iframe.html'), 'utf8');
    const loaded = new Set(
      [...html.matchAll(/(?:src|href)="\.\/(app\/[^"]+\.js)"/g)].map((match) => match[1] as string),
    );
    const bundleDir = join(outDir, 'app');
    return readdirSync(bundleDir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => {
        const content = readFileSync(join(bundleDir, file));
        return {
          file: `app/${file}`,
          bytes: content.length,
          gzipBytes: gzipSync(content, { level: 9 }).length,
          loaded: loaded.has(`app/${file}`),
        };
      });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function totalOf(files: readonly BundleSize[]): { bytes: number; gzipBytes: number } {
  return files
    .filter((file) => file.loaded)
    .reduce((sum, file) => ({ bytes: sum.bytes + file.bytes, gzipBytes: sum.gzipBytes + file.gzipBytes }), {
      bytes: 0,
      gzipBytes: 0,
    });
}

/** Bundle size of the app (every location): React 18, Garden v9, styled-components, zod, the contract and the bundled ZAF SDK. */
export const bundleSection: BenchSection = {
  name: 'bundle',
  title: 'Sidebar bundle size',
  async run() {
    const files = await measureAppBundle();
    const total = totalOf(files);
    return [
      'Production build of `app/` (`npm run build`, `vite.config.ts`): one page, `iframe.html`, which the ticket sidebar and the nav_bar review queue both load (the app picks its view from the location). JavaScript only, gzip level 9. Command: `npm run bench -- --only bundle`.',
      '',
      '| file | loaded at start | size | gzipped |',
      '|---|---|---|---|',
      ...files.map(
        (file) =>
          `| ${file.file.replace(/-[\w-]{8}\.js$/, '-[hash].js')} | ${file.loaded ? 'yes' : 'no'} | ${kb(file.bytes)} | ${kb(file.gzipBytes)} |`,
      ),
      `| **total** (iframe.html, every location) | | ${kb(total.bytes)} | **${kb(total.gzipBytes)}** |`,
      '',
      `Target for the sidebar ≤ ${kb(TARGET_GZIP_BYTES)} gzipped: ${total.gzipBytes <= TARGET_GZIP_BYTES ? 'met' : 'NOT met'}.`,
    ].join('\n');
  },
};
