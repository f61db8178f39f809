import type { Candidate, Recognizer } from './recognizer.ts';
import { foldForMatching, lowerSameLength } from './fold.ts';
import { defaultRecognizers } from './recognizers/index.ts';
import type { RedactionFinding, RedactOptions } from './types.ts';

/** Presidio's default: below this a span is not PII. */
export const DEFAULT_THRESHOLD = 0.5;
/** How much a context word near a span raises its score (Presidio's context similarity factor). */
const CONTEXT_BOOST = 0.35;
const CONTEXT_WINDOW = 48;

/**
 * Finds PII spans in `text`: every recognizer, then validation, context, threshold, allow-list and overlap resolution.
 * Recognizers see the folded text (full-width forms as ASCII, Vietnamese composed, see fold.ts); findings
 * carry offsets into the original `text`.
 */
export function analyze(
  text: string,
  options: RedactOptions = {},
  recognizers: readonly Recognizer[] = defaultRecognizers,
): RedactionFinding[] {
  const folded = foldForMatching(text);
  const findings = analyzeFolded(folded.text, options, recognizers);
  if (folded.text === text) return findings;
  return findings.map((finding) => ({
    ...finding,
    start: folded.originalStart(finding.start),
    end: folded.originalEnd(finding.end),
  }));
}

function analyzeFolded(text: string, options: RedactOptions, recognizers: readonly Recognizer[]): RedactionFinding[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const allowList = options.allowList ?? [];
  const allowed =
    allowList.length > 0 ? new Set(allowList.map((value) => foldForMatching(value).text.toLowerCase())) : null;
  const knownNames = (options.knownNames ?? []).map((name) => foldForMatching(name).text);
  const candidates: Candidate[] = [];
  for (const recognizer of recognizers) {
    if (recognizer.appliesTo?.(text) === false) continue;
    // loops, not push(...spread): a 1 MB ticket can yield more candidates than the call stack holds
    for (const candidate of runPatterns(text, recognizer)) candidates.push(candidate);
    for (const candidate of recognizer.find?.(text, { knownNames }) ?? []) candidates.push(candidate);
  }
  const kept = candidates.filter(
    (candidate) =>
      candidate.score >= threshold && !allowed?.has(text.slice(candidate.start, candidate.end).toLowerCase()),
  );
  return resolveOverlaps(kept, text.length);
}

/**
 * Each pattern's global+indices copy, built once: tickets run every pattern on every field, and building
 * a RegExp per field and pattern was most of the analyzer's time. A WeakMap, so patterns of a
 * recognizer list that is dropped are not kept alive.
 */
const compiled = new WeakMap<RegExp, RegExp>();

function compiledRegex(source: RegExp): RegExp {
  let regex = compiled.get(source);
  if (!regex) {
    regex = new RegExp(source.source, withIndices(source.flags));
    compiled.set(source, regex);
  }
  return regex;
}

function runPatterns(text: string, recognizer: Recognizer): Candidate[] {
  const candidates: Candidate[] = [];
  let lower: string | null = null;
  for (const pattern of recognizer.patterns) {
    const regex = compiledRegex(pattern.regex);
    // exec on the shared copy (matchAll would clone it): lastIndex is reset here and the loop is synchronous
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      // an empty match would loop forever at the same index: step past it as matchAll does
      if (match[0].length === 0) regex.lastIndex = advance(text, regex.lastIndex, /[uv]/.test(regex.flags));
      const span = match.indices?.[1] ?? match.indices?.[0];
      if (!span || span[1] <= span[0]) continue;
      const [start, end] = span;
      const value = text.slice(start, end);
      if (recognizer.invalidate?.(value, { text, start, end })) continue;
      const valid = recognizer.validate?.(value);
      if (valid === false) continue;
      let score = valid === true ? (recognizer.validatedScore ?? 1) : pattern.score;
      if (
        valid !== true &&
        recognizer.context &&
        hasContext((lower ??= lowerSameLength(text)), start, end, recognizer.context)
      ) {
        score = Math.min(1, score + CONTEXT_BOOST);
      }
      candidates.push({ type: recognizer.type, start, end, score, recognizer: `${recognizer.name}:${pattern.name}` });
    }
  }
  return candidates;
}

/** Index after an empty match, by code point under the u/v flags (the spec's AdvanceStringIndex). */
function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? index + 2 : index + 1;
}

function withIndices(flags: string): string {
  const withGlobal = flags.includes('g') ? flags : `${flags}g`;
  return withGlobal.includes('d') ? withGlobal : `${withGlobal}d`;
}

function hasContext(lower: string, start: number, end: number, words: readonly string[]): boolean {
  const window = lower.slice(Math.max(0, start - CONTEXT_WINDOW), start) + ' ' + lower.slice(end, end + 16);
  return words.some((word) => window.includes(word));
}

/** Higher score wins, then the longer span; a span that overlaps a kept one is dropped. */
function resolveOverlaps(candidates: Candidate[], length: number): RedactionFinding[] {
  // most fields (names, e-mails, short subjects) hold none or one: no flags to allocate
  if (candidates.length <= 1)
    return candidates.map(({ type, start, end, score, recognizer }) => ({ type, start, end, score, recognizer }));
  const ordered = [...candidates].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // one flag per character keeps this linear in the covered text, however many findings there are
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const candidate of ordered) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept
    .sort((a, b) => a.start - b.start)
    .map(({ type, start, end, score, recognizer }) => ({ type, start, end, score, recognizer }));
}
