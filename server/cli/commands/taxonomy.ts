import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseTaxonomy, TaxonomyError, taxonomyJsonSchema } from '../../../src/taxonomy/index.ts';
import { CliError } from '../errors.ts';
import { readTextFile } from '../data-files.ts';

/** `triage taxonomy check FILE` and `triage taxonomy schema [--out FILE]`. */
export function registerTaxonomy(program: Command): void {
  const taxonomy = program.command('taxonomy').description('validate a taxonomy file or print its JSON Schema');

  taxonomy
    .command('check')
    .description('validate a taxonomy YAML file; prints a summary, or each problem with its key and how to fix it')
    .argument('<file>', 'taxonomy YAML file')
    .action((file: string) => {
      try {
        const parsed = parseTaxonomy(readTextFile(file), file);
        process.stdout.write(
          `${file}: version ${parsed.version}, ${parsed.labels.length} labels (${parsed.escalationLabelIds.length} escalation), ` +
            `${parsed.urgency.length} urgency levels, ${parsed.tags.length} tags, ${parsed.rules.length} rules, ` +
            `thresholds auto ${parsed.thresholds.auto} / review ${parsed.thresholds.review}\n`,
        );
      } catch (error) {
        if (error instanceof TaxonomyError) {
          const lines = error.issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`).join('\n');
          throw new CliError(error.code, `${file} is not a valid taxonomy:\n${lines}`);
        }
        throw error;
      }
    });

  taxonomy
    .command('schema')
    .description('print the JSON Schema of the taxonomy file (for editors), or write it with --out')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((options: { out?: string }) => {
      const text = `${JSON.stringify(taxonomyJsonSchema(), null, 2)}\n`;
      if (options.out) writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
}
