import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { TaxonomyFile } from './schema.ts';
import { deriveTaxonomy, type Taxonomy } from './derive.ts';

/** A taxonomy that cannot be used, with the key at fault and how to fix it. */
export class TaxonomyError extends Error {
  readonly code = 'TAXONOMY_INVALID';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaxonomyError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * What is wrong with the YAML and where, for the issue an admin reads (the reload log, `taxonomy check`): the parser's
 * first line, e.g. "Tabs are not allowed as indentation at line 5, column 1", without its echo of the file.
 */
function yamlProblem(error: unknown): string {
  if (!(error instanceof YAMLParseError)) return 'not valid YAML';
  const [line, column] = [error.linePos?.[0].line, error.linePos?.[0].col];
  const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
  const where = line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column}`}`;
  return `not valid YAML${where}${reason ? `: ${reason}` : ''}`;
}

/** Parses and validates taxonomy YAML; returns a frozen, derived taxonomy or throws TaxonomyError. */
export function parseTaxonomy(yamlText: string, source = 'taxonomy'): Taxonomy {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    const message = yamlProblem(error);
    throw new TaxonomyError(`${source}: ${message}`, [{ path: '', message }], { cause: error });
  }
  return validateTaxonomy(raw, source);
}

export function validateTaxonomy(raw: unknown, source = 'taxonomy'): Taxonomy {
  const parsed = TaxonomyFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new TaxonomyError(
      `${source}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const file = parsed.data;
  const issues: { path: string; message: string }[] = [];
  const labelIds = new Set<string>();
  file.labels.forEach((label, index) => {
    if (labelIds.has(label.id))
      issues.push({ path: `labels[${index}].id`, message: `duplicate label "${label.id}": label ids must be unique` });
    labelIds.add(label.id);
  });
  const urgencyIds = new Set(file.urgency.map((u) => u.id));
  const tagIds = new Set(file.tags.map((t) => t.id));
  file.labels.forEach((label, index) => {
    if (!urgencyIds.has(label.defaultUrgency))
      issues.push({
        path: `labels[${index}].defaultUrgency`,
        message: `"${label.defaultUrgency}" is not an urgency id; use one of ${[...urgencyIds].join(', ')}`,
      });
  });
  file.rules.forEach((rule, index) => {
    if (!labelIds.has(rule.label))
      issues.push({
        path: `rules[${index}].label`,
        message: `"${rule.label}" is not a label id; use one of ${[...labelIds].join(', ')}`,
      });
    if (rule.urgency && !urgencyIds.has(rule.urgency))
      issues.push({ path: `rules[${index}].urgency`, message: `"${rule.urgency}" is not an urgency id` });
    rule.tags.forEach((tag, t) => {
      if (!tagIds.has(tag))
        issues.push({
          path: `rules[${index}].tags[${t}]`,
          message: `"${tag}" is not in the tag vocabulary; add it under tags:`,
        });
    });
    if (rule.keywords.length === 0 && rule.patterns.length === 0)
      issues.push({ path: `rules[${index}]`, message: 'a rule needs keywords or patterns' });
    rule.patterns.forEach((pattern, p) => {
      try {
        new RegExp(pattern, 'iu');
      } catch {
        issues.push({ path: `rules[${index}].patterns[${p}]`, message: 'not a valid regular expression' });
      }
    });
  });
  if (issues.length > 0) {
    throw new TaxonomyError(`${source}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return deriveTaxonomy(file);
}

/** JSON Schema of the taxonomy file, for editors (yaml-language-server). */
export function taxonomyJsonSchema(): unknown {
  return z.toJSONSchema(TaxonomyFile, { io: 'input' });
}
