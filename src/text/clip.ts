import { anyPlaceholder } from './placeholder.ts';

export interface ClipOptions {
  /** Appended when the text is cut, counted within the limit; default `…`. `''` cuts without a mark. */
  readonly ellipsis?: string;
}

/** A redaction placeholder (`<EMAIL_1>`): cut whole or not at all. */
const PLACEHOLDER = anyPlaceholder('y');
/** The longest placeholder looked back for; longer `<…` runs are not placeholders. */
const MAX_PLACEHOLDER = 48;

let graphemes: Intl.Segmenter | null = null;

/**
 * Shortens text to at most `limit` UTF-16 code units (what the contract's `.max()` counts), ending with the ellipsis
 * when it cuts. The cut falls on a grapheme boundary (an emoji, a flag or a letter with its accents stays whole, and
 * a surrogate pair is never split, which PostgreSQL would refuse) and never inside a redaction placeholder.
 * Trailing white space before the ellipsis is dropped. Text within the limit comes back as it is.
 */
export function clip(text: string, limit: number, options: ClipOptions = {}): string {
  if (text.length <= limit) return text;
  const ellipsis = options.ellipsis ?? '…';
  const budget = Math.max(0, limit - ellipsis.length);
  const cut = outsidePlaceholder(text, graphemeBoundary(text, budget));
  let kept = text.slice(0, cut);
  if (ellipsis !== '') kept = kept.trimEnd();
  // An ellipsis longer than the limit: the cut text alone, still within it.
  if (kept.length + ellipsis.length > limit) return kept;
  return kept + ellipsis;
}

/**
 * The last grapheme boundary at or before `at`; a code-point boundary when one grapheme is longer than `at`: where
 * text may be cut without splitting an emoji, a flag or a letter from its accents.
 */
export function graphemeBoundary(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  // Fast path: below U+0300 (Latin, before the combining marks) nothing extends a character but LF after CR.
  if (before < 0x300 && after < 0x300 && !(before === 0x0d && after === 0x0a)) return at;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  // A boundary depends on the text before it and the one code point after it: two code units past `at` suffice.
  const boundary = graphemes.segment(text.slice(0, at + 2)).containing(at)?.index ?? at;
  if (boundary > 0) return boundary;
  return isLowSurrogate(after) && isHighSurrogate(before) ? at - 1 : at;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `at`, or the start of the placeholder it would cut through. */
function outsidePlaceholder(text: string, at: number): number {
  const open = text.lastIndexOf('<', at - 1);
  if (open < 0 || at - open > MAX_PLACEHOLDER) return at;
  PLACEHOLDER.lastIndex = open;
  return PLACEHOLDER.test(text) && PLACEHOLDER.lastIndex > at ? open : at;
}
