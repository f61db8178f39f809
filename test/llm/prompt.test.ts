import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePrompt, PromptError, renderPrompt } from '../../server/llm/index.ts';
import { prompt, taxonomy } from './support.ts';

const promptText = readFileSync(new URL('../../config/prompt.yaml', import.meta.url), 'utf8');

describe('prompt file', () => {
  it('loads the bundled prompt with a version and a confidence in the draft band', () => {
    expect(prompt.version).toMatch(/\S/);
    expect(prompt.confidence).toBeGreaterThanOrEqual(taxonomy.thresholds.review);
    expect(prompt.confidence).toBeLessThan(taxonomy.thresholds.auto);
  });

  it.each([
    ['a missing version', (text: string) => text.replace(/^version:.*$/m, ''), 'version'],
    [
      'a system text without {{labels}}',
      (text: string) => text.replace('  {{labels}}', '  the labels'),
      'system: must contain {{labels}}',
    ],
    [
      'a user text without {{ticket}}',
      (text: string) => text.replace('  {{ticket}}', '  the ticket'),
      'user: must contain {{ticket}}',
    ],
    [
      'an unknown placeholder',
      (text: string) => text.replace('  {{tags}}', '  {{tags}} {{product}}'),
      'system: unknown placeholder {{product}}',
    ],
    ['a confidence above 1', (text: string) => text.replace(/^confidence:.*$/m, 'confidence: 1.5'), 'confidence'],
    ['an unknown key', (text: string) => `${text}\nextra: 1\n`, 'extra'],
    ['broken YAML', () => 'version: [', 'not valid YAML'],
  ])('rejects %s, naming the key', (_case, edit, expected) => {
    expect(() => parsePrompt(edit(promptText), 'prompt.yaml')).toThrow(PromptError);
    expect(() => parsePrompt(edit(promptText), 'prompt.yaml')).toThrow(expected);
  });
});

describe('renderPrompt', () => {
  const input = {
    text: 'Our webhooks stopped firing after the update, ping <EMAIL_1>.',
    examples: [
      { text: 'Webhook deliveries fail with 401 since yesterday.', label: 'integrations' },
      { text: 'Something the taxonomy no longer has.', label: 'retired_label' },
    ],
  };

  it('puts every label with its description, the urgency levels and the tag vocabulary in the system message', () => {
    const [system] = renderPrompt(prompt, taxonomy, input);
    expect(system?.role).toBe('system');
    for (const label of taxonomy.labels)
      expect(system?.content).toContain(`- ${label.id}: ${label.name}. ${label.description}`);
    for (const level of taxonomy.urgency) expect(system?.content).toContain(`- ${level.id}: `);
    for (const tag of taxonomy.tagIds) expect(system?.content).toContain(`- ${tag}: `);
    expect(system?.content).toContain('most critical blocker');
  });

  it('adds few-shot examples with taxonomy labels only, then the ticket last', () => {
    const messages = renderPrompt(prompt, taxonomy, input);
    expect(messages).toHaveLength(3);
    expect(messages[1]?.content).toContain('- label integrations: Webhook deliveries fail with 401 since yesterday.');
    expect(messages[1]?.content).not.toContain('retired_label');
    expect(messages[2]?.content).toContain(input.text);
  });

  it('leaves out the examples message when there are none and is the same for the same input', () => {
    const messages = renderPrompt(prompt, taxonomy, { text: 'hello', examples: [] });
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(renderPrompt(prompt, taxonomy, input)).toEqual(renderPrompt(prompt, taxonomy, input));
  });

  it('cuts a long ticket to the configured limit and does not expand placeholders written in the ticket', () => {
    const text = `{{labels}} ${'word '.repeat(5000)}`;
    const user = renderPrompt(prompt, taxonomy, { text, examples: [] }).at(-1)?.content ?? '';
    expect(user).toContain('{{labels}}');
    expect(user).not.toContain('outage:');
    expect(user.length).toBeLessThan(prompt.limits.ticketChars + 200);
  });
});
