import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip } from '../../src/text/index.ts';

const LONE_SURROGATE = /\p{Cs}/u;
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function graphemeBoundaries(text: string): Set<number> {
  const boundaries = new Set([text.length]);
  for (const { index } of graphemes.segment(text)) boundaries.add(index);
  return boundaries;
}

/** The text clip kept, without its ellipsis. */
function keptPart(clipped: string, text: string): string {
  return clipped !== text && clipped.endsWith('…') ? clipped.slice(0, -1) : clipped;
}

/** Pieces that make cutting hard: emoji (pairs, ZWJ sequences, skin tones, flags), accents, CJK, CR LF, placeholders. */
const piece = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.constantFrom('🙏', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'é', 'ệ', '漢字', 'ー', '\r\n', ' ', '  ', '…', '<', '>', 'x'),
  fc
    .tuple(fc.constantFrom('EMAIL', 'PHONE', 'PERSON', 'URL_SECRET', 'CARD'), fc.integer({ min: 1, max: 120 }))
    .map(([type, n]) => `<${type}_${n}>`),
);
const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const wellFormed = text.filter((value) => !LONE_SURROGATE.test(value));
const limit = fc.integer({ min: 0, max: 200 });

describe('clip', () => {
  it("cuts the issue's subject (138 × x + 🙏🙏) before the emoji, not inside it", () => {
    expect(clip(`${'x'.repeat(138)}🙏🙏`, 140)).toBe(`${'x'.repeat(138)}…`);
  });

  it.each([
    ['keeps a flag whole', `${'a'.repeat(8)}🇫🇷🇩🇪`, 11, '…', `${'a'.repeat(8)}…`],
    ['keeps a family emoji whole', `ab👨‍👩‍👧cd`, 9, '…', 'ab…'],
    ['keeps a letter with its combining accents', `${'a'.repeat(5)}e\u0301\u0323bc`, 7, '…', 'aaaaa…'],
    ['drops white space before the ellipsis', 'one two three', 9, '…', 'one two…'],
    ['cuts ASCII at the limit, the ellipsis included', 'abcdefghij', 5, '…', 'abcd…'],
    ['cuts without a mark when asked', 'abcdefghij', 5, '', 'abcde'],
    ['backs off to the start of a placeholder it would cut', 'write to <EMAIL_1> today', 15, '…', 'write to…'],
    ['keeps a placeholder that ends at the cut', 'write to <EMAIL_1> today', 19, '…', 'write to <EMAIL_1>…'],
    ['cuts inside an unknown <word>: not a placeholder', 'see <note> here', 8, '…', 'see <no…'],
  ])('%s', (_name, input, size, ellipsis, expected) => {
    expect(clip(input, size, { ellipsis })).toBe(expected);
  });

  it('returns text within the limit as it is, even with trailing space or lone surrogates', () => {
    expect(clip('short ', 10)).toBe('short ');
    expect(clip('\ud800x', 10)).toBe('\ud800x');
  });

  it('falls back to a code-point boundary when one grapheme is longer than the limit', () => {
    const zalgo = `a${'\u0301'.repeat(30)}`;
    expect(clip(zalgo, 10)).toBe(`a${'\u0301'.repeat(8)}…`);
    expect(clip('👍🏽👍🏽', 3)).toBe('👍…');
  });

  it('stays within the limit and keeps a prefix of the text, whatever the input', () => {
    fc.assert(
      fc.property(text, limit, (input, size) => {
        const clipped = clip(input, size);
        expect(clipped.length).toBeLessThanOrEqual(size);
        if (input.length <= size) expect(clipped).toBe(input);
        else expect(input.startsWith(keptPart(clipped, input))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('turns well-formed UTF-16 into well-formed UTF-16', () => {
    fc.assert(
      fc.property(wellFormed, limit, fc.constantFrom('…', ''), (input, size, ellipsis) => {
        expect(LONE_SURROGATE.test(clip(input, size, { ellipsis }))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('cuts on a grapheme boundary unless the first grapheme alone is over the limit', () => {
    fc.assert(
      fc.property(wellFormed, limit, (input, size) => {
        const kept = keptPart(clip(input, size), input);
        const first = graphemes.segment(input)[Symbol.iterator]().next().value?.segment.length ?? 0;
        if (first < size) expect(graphemeBoundaries(input).has(kept.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never splits a placeholder: each is kept whole or left out', () => {
    fc.assert(
      fc.property(text, limit, (input, size) => {
        const kept = keptPart(clip(input, size), input);
        for (const match of input.matchAll(PLACEHOLDER)) {
          const start = match.index;
          const end = start + match[0].length;
          expect(kept.length <= start || kept.length >= end).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
