import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveGroups } from '../../../src/routing/index.ts';
import { parseTaxonomy, TaxonomyError, taxonomyJsonSchema, type Taxonomy } from '../../../src/taxonomy/index.ts';
import { ZendeskApiError, ZendeskClient } from '../../zendesk/index.ts';
import { CliError } from '../errors.ts';
import { zendeskSettingsOrFail } from '../zendesk-settings.ts';
import { readTextFile } from '../data-files.ts';

/** `triage taxonomy check FILE` and `triage taxonomy schema [--out FILE]`. */
export function registerTaxonomy(program: Command): void {
  const taxonomy = program.command('taxonomy').description('validate a taxonomy file or print its JSON Schema');

  taxonomy
    .command('check')
    .description(
      'validate a taxonomy YAML file; prints a summary, or each problem with its key and how to fix it. With ZENDESK_URL ' +
        'and credentials set, also checks that every label’s group exists in the Zendesk account',
    )
    .argument('<file>', 'taxonomy YAML file')
    .action(async (file: string) => {
      let parsed: Taxonomy;
      try {
        parsed = parseTaxonomy(readTextFile(file), file);
      } catch (error) {
        if (error instanceof TaxonomyError) {
          const lines = error.issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`).join('\n');
          throw new CliError(error.code, `${file} is not a valid taxonomy:\n${lines}`);
        }
        throw error;
      }
      process.stdout.write(
        `${file}: version ${parsed.version}, ${parsed.labels.length} labels (${parsed.escalationLabelIds.length} escalation), ` +
          `${parsed.urgency.length} urgency levels, ${parsed.tags.length} tags, ${parsed.rules.length} rules, ` +
          `thresholds auto ${parsed.thresholds.auto} / review ${parsed.thresholds.review}\n`,
      );
      await checkGroups(file, parsed);
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

/**
 * The labels' routing groups against the Zendesk account, when ZENDESK_URL and credentials are configured: a name that
 * matches no live group (or several) fails the check with every such name and the labels that use it.
 */
async function checkGroups(file: string, taxonomy: Taxonomy): Promise<void> {
  const settings = zendeskSettingsOrFail();
  const named = taxonomy.labels.filter((label) => label.group !== null).length;
  if (settings.zendesk === null) {
    process.stderr.write(
      `${file}: ${named} labels name a group; not checked against a Zendesk account (set ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN)\n`,
    );
    return;
  }
  const client = new ZendeskClient(settings.zendesk, { policy: { deadlineMs: 30_000 } });
  let groups;
  try {
    groups = await client.listGroups();
  } catch (error) {
    if (error instanceof ZendeskApiError)
      throw new CliError(error.code, `cannot check the groups against ${settings.zendesk.url}: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
  const resolution = resolveGroups(taxonomy, groups);
  const labelsOf = (name: string) =>
    taxonomy.labels
      .filter((label) => label.group?.trim() === name)
      .map((label) => label.id)
      .join(', ');
  const problems = [
    ...resolution.unknown.map((name) => `  "${name}" (${labelsOf(name)}): no such group in the account`),
    ...resolution.ambiguous.map((name) => `  "${name}" (${labelsOf(name)}): several groups have this name`),
  ];
  if (problems.length > 0)
    throw new CliError(
      'TAXONOMY_GROUPS_UNKNOWN',
      `${file}: ${problems.length === 1 ? 'a group' : `${problems.length} groups`} not found in ${settings.zendesk.url}; ` +
        `their tickets would not be routed. Create the group in Zendesk (Admin Center → People → Groups) or fix the name:\n` +
        problems.join('\n'),
    );
  process.stdout.write(
    `${file}: all ${new Set(taxonomy.labels.flatMap((label) => (label.group ? [label.group] : []))).size} groups exist in ${settings.zendesk.url}\n`,
  );
}
