import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import { clip } from '../../src/text/index.ts';

/** A prompt file that cannot be used, naming the key at fault. */
export class PromptError extends Error {
  readonly code = 'PROMPT_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PromptError';
  }
}

const PLACEHOLDERS = { system: ['labels', 'urgency', 'tags'], examples: ['examples'], user: ['ticket'] } as const;

function template(key: keyof typeof PLACEHOLDERS) {
  const required = PLACEHOLDERS[key];
  return z
    .string()
    .min(1)
    .superRefine((text, context) => {
      for (const name of required) {
        if (!text.includes(`{{${name}}}`)) context.addIssue({ code: 'custom', message: `must contain {{${name}}}` });
      }
      for (const match of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
        const name = match[1] ?? '';
        if (!(required as readonly string[]).includes(name)) {
          context.addIssue({
            code: 'custom',
            message: `unknown placeholder {{${name}}}; this text may use ${required.map((n) => `{{${n}}}`).join(', ')}`,
          });
        }
      }
    });
}

export const PromptFile = z.strictObject({
  version: z.union([z.string().min(1), z.number()]).transform(String),
  confidence: z.number().min(0).max(1),
  temperature: z.number().min(0).max(2).nullable().default(0),
  limits: z
    .strictObject({
      ticketChars: z.number().int().min(200).max(100_000).default(6000),
      exampleChars: z.number().int().min(50).max(5000).default(400),
      examples: z.number().int().min(0).max(20).default(6),
    })
    .default({ ticketChars: 6000, exampleChars: 400, examples: 6 }),
  system: template('system'),
  examples: template('examples'),
  user: template('user'),
});
export type Prompt = Readonly<z.infer<typeof PromptFile>>;

/** The default prompt file, relative to the project root. */
export const DEFAULT_PROMPT_PATH = new URL('../../config/prompt.yaml', import.meta.url);

function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

/** Parses and validates prompt YAML once; throws PromptError naming the key and the fix. */
export function parsePrompt(yamlText: string, source = 'prompt'): Prompt {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new PromptError(`${source}: not valid YAML`, { cause: error });
  }
  const parsed = PromptFile.safeParse(raw);
  if (!parsed.success) {
    throw new PromptError(
      `${source}: ${parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ')}`,
    );
  }
  return Object.freeze({ ...parsed.data, limits: Object.freeze(parsed.data.limits) });
}

export function loadPrompt(path: string | URL = DEFAULT_PROMPT_PATH): Prompt {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PromptError(`cannot read prompt file ${String(path)}: set TRIAGE_PROMPT to a readable YAML file`, {
      cause: error,
    });
  }
  return parsePrompt(text, String(path));
}

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export interface PromptInput {
  readonly text: string;
  readonly examples: readonly { text: string; label: string }[];
}

function cut(text: string, limit: number): string {
  return clip(text.trim(), limit);
}

/** One pass, so a ticket that contains "{{labels}}" is not expanded. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => values[name] ?? whole).trimEnd();
}

/** The chat messages for one ticket: pure, so the exact prompt is testable. */
export function renderPrompt(prompt: Prompt, taxonomy: Taxonomy, input: PromptInput): ChatMessage[] {
  const labels = taxonomy.labels.map((label) => `- ${label.id}: ${label.name}. ${label.description}`).join('\n');
  const urgency = taxonomy.urgency.map((level) => `- ${level.id}: ${level.description}`).join('\n');
  const tags =
    taxonomy.tags.length > 0
      ? taxonomy.tags.map((tag) => `- ${tag.id}: ${tag.description}`).join('\n')
      : '(none: answer an empty list)';
  const known = new Set(taxonomy.labelIds);
  const examples = input.examples
    .filter((example) => known.has(example.label))
    .slice(0, prompt.limits.examples)
    .map(
      (example) => `- label ${example.label}: ${cut(example.text, prompt.limits.exampleChars).replace(/\s+/g, ' ')}`,
    );
  const messages: ChatMessage[] = [{ role: 'system', content: fill(prompt.system, { labels, urgency, tags }) }];
  if (examples.length > 0)
    messages.push({ role: 'user', content: fill(prompt.examples, { examples: examples.join('\n') }) });
  messages.push({ role: 'user', content: fill(prompt.user, { ticket: cut(input.text, prompt.limits.ticketChars) }) });
  return messages;
}
