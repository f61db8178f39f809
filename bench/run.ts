/**
 * `npm run bench [-- --datasets DIR] [--only NAME,...]`: runs every benchmark section and writes BENCHMARKS.md
 * with the machine and the command. Sections live in bench/*.ts and register in bench/sections.ts.
 */
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import { sections } from './sections.ts';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '../shared/datasets' },
    only: { type: 'string' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const datasets = values.datasets;
const out = values.out;

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
const command = `npm run bench -- --datasets ${datasets}${values.only ? ` --only ${values.only}` : ''}`;

// Sections not run this time keep their previous text, so one section can be re-measured alone.
const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
function previousSection(name: string): string | null {
  const match = previous.match(new RegExp(`<!-- section:${name} -->([\\s\\S]*?)<!-- /section:${name} -->`));
  return match ? match[1]!.trim() : null;
}

const parts: string[] = [];
for (const section of sections) {
  if (only && !only.has(section.name)) {
    const kept = previousSection(section.name);
    if (kept) parts.push(`<!-- section:${section.name} -->\n${kept}\n<!-- /section:${section.name} -->`);
    continue;
  }
  process.stderr.write(`bench: ${section.name}…\n`);
  const started = Date.now();
  const markdown = await section.run({ datasets });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const stamp = `_Measured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`${command}\` (${seconds} s)._`;
  parts.push(
    `<!-- section:${section.name} -->\n## ${section.title}\n\n${stamp}\n\n${markdown.trim()}\n<!-- /section:${section.name} -->`,
  );
}

writeFileSync(
  out,
  `# Benchmarks\n\nEvery figure below is written by \`npm run bench\`; data sets are read from \`--datasets\` (default \`../shared/datasets\`), never copied into the project.\n\n${parts.join('\n\n')}\n`,
);
process.stderr.write(`bench: wrote ${out}\n`);
