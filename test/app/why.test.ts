import { describe, expect, it } from 'vitest';
import { translator } from '../../app/shared/i18n.tsx';
import { whyText } from '../../app/shared/why.ts';

const model = { source: 'model' as const, reason: 'Local model: "charged", "invoice"', ruleId: null };

describe('the "Why:" line in the agent’s language', () => {
  it('names the words that pushed the local model, translated around them', () => {
    const label = { ...model, evidence: ['charged', 'invoice'] };
    expect(whyText(translator('en'), label)).toBe('Why: words like “charged”, “invoice”');
    expect(whyText(translator('de'), label)).toBe('Warum: Wörter wie „charged“, „invoice“');
    expect(whyText(translator('ja'), label)).toBe('理由: 「charged」、「invoice」 などの語');
  });

  it('says so when the model found no telling word', () => {
    expect(whyText(translator('fr'), { ...model, evidence: [] })).toBe(
      'Pourquoi : aucun mot révélateur dans le texte, la confiance est donc faible.',
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

  it("shows the LLM's own sentence without the server's English around it, and an older result's reason as it is", () => {
    const llm = {
      source: 'llm' as const,
      reason:
        'unlike the tickets the local model learnt from (out of scope), so an agent reviews it; Der Kunde will Geld zurück.',
      ruleId: null,
      evidence: ['Der Kunde will Geld zurück.'],
    };
    expect(whyText(translator('de'), llm)).toBe('Warum: Der Kunde will Geld zurück.');
    expect(whyText(translator('de'), { ...llm, evidence: null })).toBe(`Warum: ${llm.reason}`);
    expect(whyText(translator('de'), { ...model, evidence: null })).toBe(`Warum: ${model.reason}`);
    expect(whyText(translator('de'), model)).toBe(`Warum: ${model.reason}`);
  });

  it('says in the locale that nothing answered yet', () => {
    const none = {
      source: 'none' as const,
      reason: 'No rule matched and no LLM answered; …',
      ruleId: null,
      evidence: null,
    };
    expect(whyText(translator('vi'), none)).toBe(
      'Lý do: chưa có mô hình nào được huấn luyện trên phiếu của bạn, không có quy tắc từ khóa nào khớp và chưa có AI nào trả lời.',
    );
  });
});
