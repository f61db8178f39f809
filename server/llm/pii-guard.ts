import { analyze, piiTypesWith } from '../../src/redact/index.ts';
import { LlmError } from './errors.ts';

/** Types whose matches are near-certain PII (validated or unmistakable), not guesses like names. */
const HIGH_CONFIDENCE_TYPES: ReadonlySet<string> = new Set(piiTypesWith('highConfidence'));
const HIGH_CONFIDENCE_SCORE = 0.85;

/** Types (never values) of high-confidence PII still present in text that should have been redacted. */
export function unredactedPiiTypes(text: string): string[] {
  const findings = analyze(text, { threshold: HIGH_CONFIDENCE_SCORE }).filter((finding) =>
    HIGH_CONFIDENCE_TYPES.has(finding.type),
  );
  return [...new Set(findings.map((finding) => finding.type))].sort();
}

/**
 * Defence in depth: the pipeline redacts before any classifier runs, so this should never fire;
 * if it does, the call is refused (LLM_UNREDACTED) rather than sending PII to a third party.
 */
export function assertRedacted(texts: readonly string[]): void {
  const types = unredactedPiiTypes(texts.join('\n'));
  if (types.length > 0)
    throw new LlmError('LLM_UNREDACTED', `refused to send text that still holds ${types.join(', ')}`);
}
