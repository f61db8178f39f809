import { analyze } from './analyzer.ts';
import { anonymize, type PlaceholderBook } from './anonymizer.ts';
import type { RedactionFinding, RedactOptions } from './types.ts';
import { graphemeBoundary } from '../text/index.ts';

/**
 * Text read past the cut when looking for PII, so a value that straddles the cut (a card number, an address) is seen
 * whole and dropped whole instead of leaving its first half in the kept text. Longer than any value a recognizer finds.
 */
const LOOKAHEAD_CHARS = 1_000;
/** How far back the cut may move to land on white space rather than inside a word. */
const WORD_BACKOFF_CHARS = 200;

/** The cut at or before `limit`: on white space when there is some nearby, never inside a finding or a grapheme. */
function cutPoint(text: string, limit: number, findings: readonly RedactionFinding[]): number {
  let cut = graphemeBoundary(text, limit);
  const space = text.slice(Math.max(0, cut - WORD_BACKOFF_CHARS), cut + 1).search(/\s\S*$/);
  if (space >= 0) cut = Math.max(0, cut - WORD_BACKOFF_CHARS) + space;
  // Findings do not overlap, so moving to the start of the one around the cut lands outside every finding.
  const straddling = findings.find((finding) => finding.start < cut && cut < finding.end);
  return straddling ? straddling.start : cut;
}

/**
 * Redacts at most the first `maxChars` of `text` and drops the rest unread (bar a short look-ahead for PII that
 * straddles the cut): the work is bounded whatever the text's length. The kept part ends on white space where there
 * is some, and never inside PII. Findings are those of the kept part.
 */
export function redactPrefix(
  text: string,
  maxChars: number,
  options: RedactOptions,
  book: PlaceholderBook,
): { redacted: string; findings: RedactionFinding[]; clipped: boolean } {
  if (text.length <= maxChars) {
    const findings = analyze(text, options);
    return { redacted: anonymize(text, findings, book), findings, clipped: false };
  }
  const window = text.slice(0, graphemeBoundary(text, maxChars + LOOKAHEAD_CHARS));
  const windowFindings = analyze(window, options);
  const cut = cutPoint(window, maxChars, windowFindings);
  const findings = windowFindings.filter((finding) => finding.end <= cut);
  return { redacted: anonymize(window.slice(0, cut), findings, book), findings, clipped: true };
}
