import type { KeywordRule, Taxonomy } from '../taxonomy/index.ts';
import { compileKeyword, foldForMatch, keywordOccurs, type CompiledKeyword } from './keyword-matcher.ts';

interface CompiledRule {
  readonly rule: KeywordRule;
  readonly keywords: readonly CompiledKeyword[];
  readonly patterns: readonly RegExp[];
}

/** Rules, tag keywords and urgency keywords of one taxonomy, compiled once. */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  readonly tags: readonly { id: string; keywords: readonly CompiledKeyword[] }[];
  /** Urgency levels with keywords, least urgent first. */
  readonly urgency: readonly { id: string; keywords: readonly CompiledKeyword[] }[];
}

/** One rule that fired, with the taxonomy keyword (or pattern source) that matched. */
export interface RuleMatch {
  readonly ruleId: string;
  readonly label: string;
  readonly urgency: string | null;
  readonly tags: readonly string[];
  readonly priority: number;
  /** From the taxonomy, never from ticket text, so it is safe to show and log. */
  readonly matched: string;
}

export function compileRules(taxonomy: Taxonomy): RuleSet {
  return Object.freeze({
    rules: taxonomy.rules.map((rule) => ({
      rule,
      keywords: rule.keywords.map(compileKeyword),
      // Patterns run on the folded text, so they are case-insensitive like keywords.
      patterns: rule.patterns.map((pattern) => new RegExp(pattern, 'iu')),
    })),
    tags: taxonomy.tags.map((tag) => ({ id: tag.id, keywords: tag.keywords.map(compileKeyword) })),
    urgency: taxonomy.urgency.map((level) => ({ id: level.id, keywords: level.keywords.map(compileKeyword) })),
  });
}

function firstMatch(compiled: CompiledRule, folded: string): string | null {
  for (const keyword of compiled.keywords) if (keywordOccurs(folded, keyword)) return keyword.keyword;
  for (const pattern of compiled.patterns) if (pattern.test(folded)) return pattern.source;
  return null;
}

/** Rules that fire on the text, highest priority first (taxonomy order breaks ties). */
export function matchRules(ruleSet: RuleSet, text: string, language: string | null = null): RuleMatch[] {
  const folded = foldForMatch(text);
  const matches: RuleMatch[] = [];
  for (const compiled of ruleSet.rules) {
    // A rule for some languages only: skipped unless the ticket was detected in one of them.
    const { languages } = compiled.rule;
    if (languages !== undefined && (language === null || !languages.includes(language))) continue;
    const matched = firstMatch(compiled, folded);
    if (matched === null) continue;
    const { rule } = compiled;
    matches.push({
      ruleId: rule.id,
      label: rule.label,
      urgency: rule.urgency ?? null,
      tags: rule.tags,
      priority: rule.priority,
      matched,
    });
  }
  // Array.prototype.sort is stable, so equal priorities keep taxonomy order.
  return matches.sort((a, b) => b.priority - a.priority);
}

/** Tag ids whose keywords occur in the text, in vocabulary order. */
export function suggestTags(ruleSet: RuleSet, text: string): string[] {
  const folded = foldForMatch(text);
  return ruleSet.tags.filter((tag) => tag.keywords.some((k) => keywordOccurs(folded, k))).map((tag) => tag.id);
}

/** The most urgent level whose keywords occur in the text, or null. */
export function urgencyFromKeywords(ruleSet: RuleSet, text: string): string | null {
  const folded = foldForMatch(text);
  let found: string | null = null;
  for (const level of ruleSet.urgency) if (level.keywords.some((k) => keywordOccurs(folded, k))) found = level.id;
  return found;
}
