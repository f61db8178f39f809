/** Unicode-normalizes and lower-cases: full-width forms fold to ASCII (NFKC), case is dropped. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, is what needs no folding
const ASCII = /^[\x00-\x7f]*$/;

/** Removes diacritics (Vietnamese tones, French accents); đ → d. Used as an extra, not a replacement. */
export function foldDiacritics(text: string): string {
  // ASCII has nothing to fold (tokenizers call this per word, and most words are ASCII).
  if (ASCII.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
