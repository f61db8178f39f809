import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, modelDecisionFor, OUT_OF_SCOPE_REASON } from '../../src/decide/index.ts';
import { LabelSuggestion } from '../../src/contract/index.ts';
import type { Classification, ModelGate } from '../../src/classifier/index.ts';
import type { RuleMatch } from '../../src/rules/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));
const thresholds = taxonomy.thresholds;

/** The security keyword rule, fired on `matched`. */
const securityRule = (matched: string): RuleMatch => ({
  ruleId: 'r',
  label: 'security',
  urgency: 'urgent',
  tags: [],
  priority: 90,
  matched,
});

const inScope: ModelGate = { inScopeScore: 8, inScopeFloor: 5, autoThreshold: 0.9, draftThreshold: null };
const unlike: ModelGate = { ...inScope, inScopeScore: 3 };

function answer(
  label: string,
  confidence: number,
  gate: ModelGate | null,
  source: 'model' | 'llm' = 'model',
): Classification {
  return {
    source,
    label,
    confidence,
    alternatives: [{ label: 'how_to', confidence: 1 - confidence }],
    urgency: null,
    urgencyConfidence: 0,
    tags: null,
    summary: null,
    reason: `${source} evidence`,
    cost: null,
    version: 'test',
    gate,
  };
}

describe('modelDecisionFor (the served rule for a local-model answer)', () => {
  it.each([
    ['below the in-scope floor, however confident', 0.99, unlike, 'review', true],
    ["at the label's own auto threshold", 0.9, inScope, 'auto', false],
    ["above thresholds.auto but below the label's own auto threshold", 0.88, inScope, 'draft', false],
    [
      'a label cross-validation never showed precise enough',
      0.999,
      { ...inScope, autoThreshold: null },
      'draft',
      false,
    ],
    ['below thresholds.review', 0.5, inScope, 'review', false],
    [
      "below thresholds.review but at the label's lower draft threshold",
      0.5,
      { ...inScope, draftThreshold: 0.4 },
      'draft',
      false,
    ],
    [
      'a draft threshold above thresholds.review never raises the bar',
      0.65,
      { ...inScope, draftThreshold: 0.7 },
      'draft',
      false,
    ],
    ['no floor', 0.95, { ...inScope, inScopeScore: -100, inScopeFloor: null }, 'auto', false],
  ] as const)('%s', (_name, confidence, gate, decision, outOfScope) => {
    expect(modelDecisionFor(confidence, thresholds, gate)).toEqual({ decision, outOfScope });
  });

  it("without a gate (a format 1 model) uses the taxonomy's thresholds as before", () => {
    expect(modelDecisionFor(0.86, thresholds, null)).toEqual({ decision: 'auto', outOfScope: false });
    expect(modelDecisionFor(0.7, thresholds, undefined)).toEqual({ decision: 'draft', outOfScope: false });
  });
});

describe('decide with the local model gate', () => {
  it('sends a ticket unlike the training tickets to review and says so in the reason', () => {
    const decided = decide({ taxonomy, ruleMatches: [], model: answer('billing', 0.99, unlike) });
    expect(decided.decision).toBe('review');
    expect(decided.outOfScope).toBe(true);
    expect(decided.label.reason).toContain(OUT_OF_SCOPE_REASON);
    expect(decided.label.name).toBe('billing');
  });

  it("holds the model's answer to the label's own auto threshold, not thresholds.auto", () => {
    expect(decide({ taxonomy, ruleMatches: [], model: answer('billing', 0.88, inScope) }).decision).toBe('draft');
    expect(decide({ taxonomy, ruleMatches: [], model: answer('billing', 0.92, inScope) }).decision).toBe('auto');
    const never = answer('billing', 0.99, { ...inScope, autoThreshold: null });
    const decided = decide({ taxonomy, ruleMatches: [], model: never });
    expect(decided.decision).toBe('draft');
    expect(decided.outOfScope).toBeUndefined();
  });

  it('keeps an LLM answer out of auto and draft when the local model finds the ticket out of scope', () => {
    const decided = decide({
      taxonomy,
      ruleMatches: [],
      model: answer('billing', 0.99, unlike),
      llm: answer('bug', 0.95, null, 'llm'),
    });
    expect(decided.label.name).toBe('bug');
    expect(decided.decision).toBe('review');
    expect(decided.outOfScope).toBe(true);
  });

  it("judges an LLM answer on the taxonomy's thresholds, not the model's per-label ones", () => {
    const decided = decide({
      taxonomy,
      ruleMatches: [],
      model: answer('billing', 0.7, { ...inScope, autoThreshold: null }),
      llm: answer('bug', 0.9, null, 'llm'),
    });
    expect(decided.decision).toBe('auto');
  });

  it('lets a rule decide whatever the gate says: people chose its phrase', () => {
    const rule = securityRule('hacked');
    const decided = decide({ taxonomy, ruleMatches: [rule], model: answer('billing', 0.99, unlike) });
    expect(decided.label.name).toBe('security');
    expect(decided.decision).toBe('auto');
  });

  describe('a promoted escalation is judged by its own thresholds, never the predicted label’s', () => {
    // billing is predicted at 0.5, security (an escalation label) close behind at 0.4: security is promoted.
    const promoted = (gate: ModelGate): Classification => ({
      ...answer('billing', 0.5, gate),
      alternatives: [{ label: 'security', confidence: 0.4 }],
    });
    // billing's own draft threshold (0.3) would draft security at 0.4, below thresholds.review (0.6).
    const billingGate: ModelGate = { ...inScope, autoThreshold: 0.45, draftThreshold: 0.3 };

    it("uses the taxonomy's thresholds when the gate has none for the picked label", () => {
      for (const gate of [
        billingGate,
        { ...billingGate, byLabel: new Map([['billing', { auto: 0.45, draft: 0.3 }]]) },
      ]) {
        const decided = decide({ taxonomy, ruleMatches: [], model: promoted(gate) });
        expect(decided.label.name).toBe('security');
        expect(decided.decision).toBe('review');
      }
    });

    it('uses the picked label’s own thresholds when the gate has them', () => {
      const byLabel = new Map([
        ['billing', { auto: 0.45, draft: 0.3 }],
        ['security', { auto: null, draft: 0.35 }],
      ]);
      const decided = decide({ taxonomy, ruleMatches: [], model: promoted({ ...billingGate, byLabel }) });
      expect(decided.label.name).toBe('security');
      expect(decided.decision).toBe('draft');
      const strict = new Map([...byLabel, ['security', { auto: null, draft: 0.45 }]]);
      expect(decide({ taxonomy, ruleMatches: [], model: promoted({ ...billingGate, byLabel: strict }) }).decision).toBe(
        'review',
      );
    });
  });
});

describe('heldBack: what kept the decision below the confidence’s own band', () => {
  const model = (classification: Classification) => decide({ taxonomy, ruleMatches: [], model: classification });

  it('is absent when the thresholds alone would decide the same', () => {
    expect(model(answer('billing', 0.92, inScope)).heldBack).toBeUndefined();
    expect(model(answer('billing', 0.7, inScope)).heldBack).toBeUndefined();
    expect(model(answer('billing', 0.5, inScope)).heldBack).toBeUndefined();
  });

  it("names the label's unproven record when its own threshold drafts what thresholds.auto would apply", () => {
    expect(model(answer('billing', 0.88, inScope))).toMatchObject({ decision: 'draft', heldBack: 'unproven_label' });
    const never = model(answer('billing', 0.999, { ...inScope, autoThreshold: null }));
    expect(never).toMatchObject({ decision: 'draft', heldBack: 'unproven_label' });
  });

  it('names out of scope below the in-scope floor, whatever the confidence', () => {
    expect(model(answer('billing', 0.99, unlike))).toMatchObject({ decision: 'review', heldBack: 'out_of_scope' });
    expect(model(answer('billing', 0.3, unlike)).heldBack).toBe('out_of_scope');
  });

  it('names a close call when an escalation label close behind is promoted and capped at draft', () => {
    const close: Classification = {
      ...answer('billing', 0.95, null, 'llm'),
      alternatives: [{ label: 'security', confidence: 0.9 }],
    };
    const decided = decide({ taxonomy, ruleMatches: [], model: answer('billing', 0.95, inScope), llm: close });
    expect(decided).toMatchObject({ decision: 'draft', heldBack: 'close_call' });
    expect(decided.label.name).toBe('security');
  });

  it('names the missing model when a rule or the LLM alone would have applied or drafted', () => {
    const rule = securityRule('x');
    expect(decide({ taxonomy, ruleMatches: [rule], model: null })).toMatchObject({
      decision: 'review',
      heldBack: 'no_model',
    });
    // An LLM answer below thresholds.review was going to review anyway: nothing held it back.
    const unsure = decide({ taxonomy, ruleMatches: [], model: null, llm: answer('bug', 0.52, null, 'llm') });
    expect(unsure.decision).toBe('review');
    expect(unsure.heldBack).toBeUndefined();
  });
});

describe('evidence: what the reason says, as data the app translates around', () => {
  it("carries the model's words, a rule's matched phrase, and nothing for the LLM", () => {
    const withWords = { ...answer('billing', 0.92, inScope), evidence: ['invoice', 'charged'] };
    expect(decide({ taxonomy, ruleMatches: [], model: withWords }).label.evidence).toEqual(['invoice', 'charged']);
    const rule = securityRule('x');
    expect(decide({ taxonomy, ruleMatches: [rule], model: withWords }).label.evidence).toEqual(['x']);
    const llm = decide({ taxonomy, ruleMatches: [], model: withWords, llm: answer('bug', 0.9, null, 'llm') });
    expect(llm.label.evidence).toEqual(['llm evidence']);
  });

  it("keeps the LLM's own sentence apart from the English the server puts around it (out of scope, no model)", () => {
    const unlikeWithWords = { ...answer('billing', 0.99, unlike), evidence: ['invoice'] };
    const outOfScope = decide({
      taxonomy,
      ruleMatches: [],
      model: unlikeWithWords,
      llm: answer('bug', 0.95, null, 'llm'),
    });
    expect(outOfScope.label.reason).toContain(OUT_OF_SCOPE_REASON);
    expect(outOfScope.label.evidence).toEqual(['llm evidence']);
    const noModel = decide({ taxonomy, ruleMatches: [], model: null, llm: answer('bug', 0.95, null, 'llm') });
    expect(noModel.label.evidence).toEqual(['llm evidence']);
  });

  it('gives a promoted escalation label no evidence: the words were for the label it replaced', () => {
    // billing on top at 0.5, security (an escalation label) close behind: security is promoted.
    const promoted: Classification = {
      ...answer('billing', 0.5, inScope),
      alternatives: [{ label: 'security', confidence: 0.4 }],
      evidence: ['invoice', 'charged'],
    };
    const decided = decide({ taxonomy, ruleMatches: [], model: promoted });
    expect(decided.label.name).toBe('security');
    expect(decided.label.evidence).toBeNull();
    expect(decided.label.reason).toContain('most critical of close labels');
  });

  it('clips what would break the contract: a long rule pattern, a long word, too many words', () => {
    const long = 'x'.repeat(300);
    const rule = securityRule(long);
    const byRule = decide({ taxonomy, ruleMatches: [rule], model: answer('billing', 0.9, inScope) });
    expect(LabelSuggestion.safeParse(byRule.label).success).toBe(true);
    const words = {
      ...answer('billing', 0.92, inScope),
      evidence: [long, ...Array.from({ length: 14 }, (_, i) => `w${i}`)],
    };
    const byModel = decide({ taxonomy, ruleMatches: [], model: words });
    expect(byModel.label.evidence).toHaveLength(10);
    expect(LabelSuggestion.safeParse(byModel.label).success).toBe(true);
  });
});
