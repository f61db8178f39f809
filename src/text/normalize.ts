/** Unicode-normalizes and lower-cases: full-width forms fold to ASCII (NFKC), case is dropped. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Removes diacritics (Vietnamese tones, French accents); đ → d. Used as an extra, not a replacement. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}
