import type { HeldBack, LabelSuggestion } from '../../src/contract/index.ts';
import type { Translate } from './i18n.tsx';

/**
 * The "Why:" line in the agent's language, from the suggestion's `evidence`: the words that pushed the local model
 * (quoted and listed as the locale does), the phrase a rule matched, or the LLM's own sentence as it is. Without
 * evidence (a promoted escalation label, a result stored before `evidence` existed) the server's reason is shown, which
 * is English; when nothing answered, the locale says so.
 */
export function whyText(
  t: Translate,
  label: Pick<LabelSuggestion, 'source' | 'reason' | 'ruleId'> & { evidence?: readonly string[] | null },
): string {
  const evidence = label.evidence ?? null;
  if (label.source === 'none') return t('ui.label.why_nothing');
  if (evidence !== null && label.source === 'rule' && label.ruleId !== null && evidence[0] !== undefined)
    return t('ui.label.why_rule', { rule: label.ruleId, phrase: evidence[0] });
  if (evidence !== null && label.source === 'model')
    return evidence.length === 0
      ? t('ui.label.why_no_words')
      : t('ui.label.why_words', {
          words: evidence.map((word) => t('ui.label.quoted_word', { word })).join(t('ui.label.word_separator')),
        });
  if (evidence !== null && label.source === 'llm' && evidence[0] !== undefined)
    return t('ui.label.why', { reason: evidence[0] });
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
