import { describe, expect, it } from 'vitest';
import { analyze, type Recognizer } from '../../src/redact/index.ts';

/** What the analyzer did before it cached its regexes: a fresh global+indices copy per call, run with matchAll. */
function spansByMatchAll(text: string, regex: RegExp): Array<[number, number]> {
  const copy = new RegExp(regex.source, `${regex.flags.replace(/[gd]/g, '')}gd`);
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(copy)) {
    const span = match.indices?.[1] ?? match.indices?.[0];
    if (span && span[1] > span[0]) spans.push([span[0], span[1]]);
  }
  return spans;
}

const recognizerOf = (regex: RegExp): Recognizer => ({
  name: 'test',
  type: 'TEST',
  patterns: [{ name: 'p', regex, score: 0.9 }],
});
const spans = (text: string, regex: RegExp) =>
  analyze(text, {}, [recognizerOf(regex)]).map((finding) => [finding.start, finding.end]);

describe('analyze with cached pattern regexes', () => {
  it('finds the same spans as a fresh matchAll, call after call (no lastIndex left over)', () => {
    const regex = /\b\d{3}\b/g;
    const text = 'call 123 or 456, not 7890';
    expect(spans(text, regex)).toEqual(spansByMatchAll(text, regex));
    expect(spans(text, regex)).toEqual([
      [5, 8],
      [12, 15],
    ]);
    // a shorter text after a longer one: a stale lastIndex would skip its match
    expect(spans('999', regex)).toEqual([[0, 3]]);
  });

  it('steps past empty matches like matchAll, by code point under the u flag', () => {
    for (const [text, regex] of [
      ['ab  cd', /x*|c+/g],
      ['😀a😀bb', /(?:)|b+/gu],
      ['😀a😀bb', /b*/gu],
      ['\ud83dab', /(?:)|b/gu],
      ['no pattern flags', /t*/],
    ] as const) {
      expect(spans(text, regex)).toEqual(spansByMatchAll(text, regex));
    }
    expect(spans('😀a😀bb', /b*/gu)).toEqual([[5, 7]]);
  });

  it('keeps a capture group as the span when the pattern has one', () => {
    expect(spans('Hi Anna, hello', /Hi (\w+)/g)).toEqual([[3, 7]]);
  });
});
