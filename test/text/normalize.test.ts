import { describe, expect, it } from 'vitest';
import { foldDiacritics } from '../../src/text/index.ts';

describe('foldDiacritics', () => {
  it.each([
    ['plain ASCII', 'refund order 1234, please!', 'refund order 1234, please!'],
    ['ASCII controls and symbols', 'a\tb\n~{}', 'a\tb\n~{}'],
    ['Vietnamese', 'hoàn tiền đơn hàng', 'hoan tien don hang'],
    ['a capital Đ', 'Đặt', 'Dat'],
    ['French and German', 'Ça fait déjà Grüße', 'Ca fait deja Gruße'],
    ['decomposed input', 'e\u0301te\u0301', 'ete'],
    ['Japanese, untouched', 'お問い合わせ', 'お問い合わせ'],
  ])('folds %s', (_name, text, folded) => {
    expect(foldDiacritics(text)).toBe(folded);
  });
});
