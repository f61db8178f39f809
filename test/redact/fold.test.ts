import { describe, expect, it } from 'vitest';
import { foldForMatching, lowerSameLength } from '../../src/redact/fold.ts';
import { analyze, redact } from '../../src/redact/index.ts';

describe('foldForMatching', () => {
  it('returns the text itself when nothing needs folding', () => {
    const folded = foldForMatching('plain ASCII and Tiếng Việt');
    expect(folded.text).toBe('plain ASCII and Tiếng Việt');
    expect(folded.originalStart(3)).toBe(3);
    expect(folded.originalEnd(7)).toBe(7);
  });

  it('turns full-width ASCII, ideographic and no-break spaces and dash look-alikes into ASCII, one for one', () => {
    const text = '０９０－１２３４\u3000ＡＢ\u00a0a\u2013b\u2212c';
    const folded = foldForMatching(text);
    expect(folded.text).toBe('090-1234 AB a-b-c');
    expect(folded.text).toHaveLength(text.length);
  });

  it('composes decomposed letters and maps folded offsets back to whole runs of the original', () => {
    const text = 'Chào Nguye\u0302\u0303n!';
    const folded = foldForMatching(text);
    expect(folded.text).toBe('Chào Nguyễn!');
    const start = folded.text.indexOf('Nguyễn');
    const end = start + 'Nguyễn'.length;
    expect(text.slice(folded.originalStart(start), folded.originalEnd(end))).toBe('Nguye\u0302\u0303n');
  });
});

describe('analyze on folded text', () => {
  it('reports offsets into the original text when full-width and decomposed parts come before a finding', () => {
    const text = 'Ｔｅｌ ０３－１２３４－５６７８, Nguye\u0302\u0303n: mail an@example.com';
    const emails = analyze(text).filter((finding) => finding.type === 'EMAIL_ADDRESS');
    expect(emails.map((finding) => text.slice(finding.start, finding.end))).toEqual(['an@example.com']);
  });

  it('applies the allow-list to the folded value', () => {
    expect(redact('write to ｓｕｐｐｏｒｔ＠ａｃｍｅ．ｃｏｍ', { allowList: ['support@acme.com'] }).findings).toEqual(
      [],
    );
  });

  it('keeps known-name offsets right after a letter whose lower case is longer (İ)', () => {
    const text = 'İİİ Dana called';
    const names = analyze(text, { knownNames: ['Dana'] }).map((finding) => text.slice(finding.start, finding.end));
    expect(names).toEqual(['Dana']);
  });
});

describe('lowerSameLength', () => {
  it('lower-cases without changing the length', () => {
    expect(lowerSameLength('İstanbul ÀB')).toHaveLength('İstanbul ÀB'.length);
    expect(lowerSameLength('ÀB Ễ')).toBe('àb ễ');
  });
});
