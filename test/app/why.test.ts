import { describe, expect, it } from 'vitest';
import { translator } from '../../app/shared/i18n.tsx';
import { whyText } from '../../app/shared/why.ts';

const model = { source: 'model' as const, reason: 'Local model: "charged", "invoice"', ruleId: null };

describe('the "Why:" line in the agent’s language', () => {
  it('names the words that pushed the local model, translated around them', () => {
    const label = { ...model, evidence: ['charged', 'invoice'] };
    expect(whyText(translator('en'), label)).toBe('Why: words like “charged”, “invoice”');
    expect(whyText(translator('de'), label)).toBe('Warum: Wörter wie “charged”, “invoice”');
    expect(whyText(translator('ja'), label)).toBe('理由: “charged”, “invoice” などの語');
  });

  it('says so when the model found no telling word', () => {
    expect(whyText(translator('fr'), { ...model, evidence: [] })).toBe(
      'Pourquoi : aucun mot révélateur dans le texte, donc confiance faible.',
    );
  });

  it('names the rule and the phrase it matched', () => {
    const rule = {
      source: 'rule' as const,
      reason: 'rule sec-1 matched "hacked"',
      ruleId: 'sec-1',
      evidence: ['hacked'],
    };
    expect(whyText(translator('es'), rule)).toBe('Por qué: la regla sec-1 coincidió con «hacked»');
  });

  it("shows the LLM's own sentence, and an older result's reason, as they are", () => {
    const llm = { source: 'llm' as const, reason: 'The customer asks for a refund.', ruleId: null, evidence: null };
    expect(whyText(translator('de'), llm)).toBe('Warum: The customer asks for a refund.');
    expect(whyText(translator('de'), { ...model, evidence: null })).toBe(`Warum: ${model.reason}`);
    expect(whyText(translator('de'), model)).toBe(`Warum: ${model.reason}`);
  });
});
