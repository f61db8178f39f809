import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, decisionFor, NO_LABEL, NO_MODEL_REASON } from '../../src/decide/index.ts';
import type { RuleMatch } from '../../src/rules/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import type { Classification } from '../../src/classifier/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));

function classification(scores: [string, number][], source: 'model' | 'llm' = 'model'): Classification {
  const [top, ...rest] = scores;
  if (!top) throw new Error('need a score');
  return {
    source,
    label: top[0],
    confidence: top[1],
    alternatives: rest.map(([label, confidence]) => ({ label, confidence })),
    urgency: null,
    urgencyConfidence: 0,
    tags: null,
    summary: null,
    reason: `${source} evidence`,
    cost: null,
    version: 'test',
  };
}

const securityRule: RuleMatch = {
  ruleId: 'security_account_takeover',
  label: 'security',
  urgency: 'urgent',
  tags: [],
  priority: 90,
  matched: 'hacked',
};

describe('decisionFor', () => {
  it.each([
    [0.99, 'auto'],
    [0.85, 'auto'],
    [0.84, 'draft'],
    [0.6, 'draft'],
    [0.59, 'review'],
    [0, 'review'],
  ] as const)('maps confidence %s to %s with the default thresholds', (confidence, expected) => {
    expect(decisionFor(confidence, taxonomy.thresholds)).toBe(expected);
  });

  it('sends an out-of-scope ticket to review whatever its confidence', () => {
    expect(decisionFor(0.99, taxonomy.thresholds, true)).toBe('review');
  });
});

describe('decide', () => {
  it.each([
    [
      'a confident model',
      [
        ['billing', 0.92],
        ['bug', 0.05],
      ],
      'billing',
      'model',
      'auto',
    ],
    [
      'a middling model',
      [
        ['billing', 0.7],
        ['bug', 0.2],
      ],
      'billing',
      'model',
      'draft',
    ],
    [
      'an unsure model',
      [
        ['how_to', 0.4],
        ['bug', 0.35],
      ],
      'how_to',
      'model',
      'review',
    ],
    [
      'an out-of-scope answer',
      [
        ['oos', 0.9],
        ['bug', 0.05],
      ],
      'oos',
      'model',
      'review',
    ],
    [
      'a close escalation label (most critical blocker)',
      [
        ['bug', 0.45],
        ['security', 0.35],
      ],
      'security',
      'model',
      'review',
    ],
    [
      'another close escalation label',
      [
        ['bug', 0.5],
        ['outage', 0.45],
      ],
      'outage',
      'model',
      'review',
    ],
    [
      'a distant escalation label',
      [
        ['bug', 0.75],
        ['outage', 0.2],
      ],
      'bug',
      'model',
      'draft',
    ],
  ] as const)('with %s picks the expected label and decision', (_case, scores, label, source, decision) => {
    const decided = decide({ taxonomy, ruleMatches: [], model: classification(scores.map(([l, c]) => [l, c])) });
    expect(decided.label.name).toBe(label);
    expect(decided.label.source).toBe(source);
    expect(decided.decision).toBe(decision);
  });

  it('lets a rule force its label above the model, naming the rule and keyword', () => {
    const decided = decide({ taxonomy, ruleMatches: [securityRule], model: classification([['how_to', 0.95]]) });
    expect(decided.label).toMatchObject({ name: 'security', source: 'rule', ruleId: 'security_account_takeover' });
    expect(decided.label.reason).toContain('"hacked"');
    expect(decided.decision).toBe('auto');
    expect(decided.alternatives.map((a) => a.label)).toEqual(['how_to']);
  });

  it('prefers the LLM answer over the unsure model when it ran', () => {
    const decided = decide({
      taxonomy,
      ruleMatches: [],
      model: classification([['bug', 0.5]]),
      llm: classification([['integrations', 0.88]], 'llm'),
    });
    expect(decided.label).toMatchObject({ name: 'integrations', source: 'llm' });
    expect(decided.decision).toBe('auto');
  });

  it('keeps a promoted escalation label to at most a draft', () => {
    const decided = decide({
      taxonomy,
      ruleMatches: [],
      model: classification([
        ['bug', 0.9],
        ['outage', 0.88],
      ]),
    });
    expect(decided.label.name).toBe('outage');
    expect(decided.decision).toBe('draft');
  });

  it.each([
    [0.9, 'draft'],
    [0.7, 'draft'],
    [0.3, 'review'],
  ] as const)(
    'never auto-applies the runner-up of a label the taxonomy no longer has (confidence %s → %s)',
    (confidence, decision) => {
      const model = {
        ...classification([
          ['bug', confidence],
          ['how_to', 0.02],
        ]),
        droppedTop: { label: 'removed', confidence: 0.05 },
      };
      const decided = decide({ taxonomy, ruleMatches: [], model });
      expect(decided.label.name).toBe('bug');
      expect(decided.decision).toBe(decision);
      // Only the capped auto says it was held back, as a close call.
      expect(decided.heldBack).toBe(confidence === 0.9 ? 'close_call' : undefined);
    },
  );

  it('offers only labels the taxonomy has as alternatives', () => {
    const decided = decide({
      taxonomy,
      ruleMatches: [],
      model: classification([
        ['billing', 0.7],
        ['gone', 0.2],
        ['bug', 0.1],
      ]),
    });
    expect(decided.alternatives.map((a) => a.label)).toEqual(['bug']);
    const ruled = decide({
      taxonomy,
      ruleMatches: [securityRule],
      model: classification([
        ['billing', 0.7],
        ['gone', 0.2],
      ]),
    });
    expect(ruled.alternatives.map((a) => a.label)).toEqual(['billing']);
  });

  it('ignores a rule whose label the taxonomy lacks', () => {
    const decided = decide({
      taxonomy,
      ruleMatches: [{ ...securityRule, label: 'gone' }],
      model: classification([['billing', 0.9]]),
    });
    expect(decided.label.name).toBe('billing');
  });
});

describe('decide without a local model (a new installation)', () => {
  it("takes a rule's label but never more than review, and says no model is trained yet", () => {
    const decided = decide({ taxonomy, ruleMatches: [securityRule], model: null });
    expect(decided).toMatchObject({ label: { name: 'security', source: 'rule' }, decision: 'review' });
    expect(decided.label.reason).toContain('rule security_account_takeover matched');
    expect(decided.label.reason).toContain(NO_MODEL_REASON);
  });

  it("takes a confident LLM's label, decided review, with the LLM's reason and why", () => {
    const llm = classification([['billing', 0.97]], 'llm');
    const decided = decide({ taxonomy, ruleMatches: [], model: null, llm });
    expect(decided).toMatchObject({ label: { name: 'billing', source: 'llm', confidence: 0.97 }, decision: 'review' });
    expect(decided.label.reason).toBe(`llm evidence; ${NO_MODEL_REASON}`);
  });

  it('suggests no label when no rule and no LLM answered: source none, confidence 0, review', () => {
    const decided = decide({ taxonomy, ruleMatches: [], model: null });
    expect(decided).toMatchObject({
      label: { name: NO_LABEL, source: 'none', confidence: 0, ruleId: null },
      alternatives: [],
      decision: 'review',
      rule: null,
    });
    expect(taxonomy.labelById.has(NO_LABEL)).toBe(false);
    expect(decided.label.reason).toContain('no local model is trained for this installation yet');
  });
});
