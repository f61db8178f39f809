/**
 * Character-class bodies for capitalised words in Latin scripts. Latin Extended-A and Extended
 * Additional (Vietnamese ễ, Ầ, ỳ…) interleave upper and lower case, so the classes are built by
 * asking each character its case: "đã" or "ở" must not count as a capitalised word.
 */
function pick(from: number, to: number, keep: (char: string) => boolean): string {
  let body = '';
  for (let code = from; code <= to; code++) {
    const char = String.fromCharCode(code);
    if (keep(char)) body += char;
  }
  return body;
}

const isUpper = (char: string): boolean => char !== char.toLowerCase() && char === char.toUpperCase();
const isLower = (char: string): boolean => char !== char.toUpperCase() && char === char.toLowerCase();

/** Latin-1, Extended-A, Ơ/Ư of Extended-B and Extended Additional, split by case. */
const extended = (keep: (char: string) => boolean): string =>
  pick(0x0100, 0x017f, keep) + pick(0x01a0, 0x01b0, keep) + pick(0x1e00, 0x1eff, keep);

export const UPPER_LATIN = `A-ZÀ-ÖØ-Þ${extended(isUpper)}`;
export const LOWER_LATIN = `a-zß-öø-ÿ${extended((char) => isLower(char) || char === 'ĸ')}`;
/** Every letter of both classes, for "not inside a word" checks. */
export const ANY_LATIN = `A-Za-zÀ-ÖØ-öø-ÿĀ-ſƠ-ưḀ-ỿ`;
