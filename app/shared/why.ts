import type { HeldBack, LabelSuggestion } from '../../src/contract/index.ts';
import type { Translate } from './i18n.tsx';

/**
 * The "Why:" line in the agent's language: the words that pushed the local model or the phrase a rule matched, from
 * the suggestion's `evidence`. The LLM's reason is its own sentence, shown as it is; so is the server's reason for a
 * result stored before `evidence` existed (null), which is English.
 */
export function whyText(
  t: Translate,
  label: Pick<LabelSuggestion, 'source' | 'reason' | 'ruleId'> & { evidence?: readonly string[] | null },
): string {
  const evidence = label.evidence ?? null;
  if (evidence !== null && label.source === 'rule' && label.ruleId !== null && evidence[0] !== undefined)
    return t('ui.label.why_rule', { rule: label.ruleId, phrase: evidence[0] });
  if (evidence !== null && label.source === 'model')
    return evidence.length === 0
      ? t('ui.label.why_no_words')
      : t('ui.label.why_words', { words: evidence.map((word) => `“${word}”`).join(', ') });
  return t('ui.label.why', { reason: label.reason });
}

// Literal keys so the translation test can find every one of them.
const HELD_BACK_KEYS: Record<HeldBack, string> = {
  unproven_label: 'ui.held_back.unproven_label',
  out_of_scope: 'ui.held_back.out_of_scope',
  close_call: 'ui.held_back.close_call',
  no_model: 'ui.held_back.no_model',
  llm_failed: 'ui.held_back.llm_failed',
};

/** What held a decision below its confidence's own band, in the agent's language (sidebar and review queue alike). */
export function heldBackText(t: Translate, heldBack: HeldBack): string {
  return t(HELD_BACK_KEYS[heldBack]);
}
