/**
 * Matching text for the recognizers, with a map back to the original offsets.
 * - Full-width ASCII (０-９, Ａ-Ｚ, ＠, ．, －…, as a Japanese IME types them), the ideographic space,
 *   no-break spaces and dash look-alikes become their ASCII form, one code unit for one, so every
 *   ASCII pattern also sees them.
 * - A letter followed by combining marks (Vietnamese typed or pasted in decomposed form, "Nguye\u0302\u0303n")
 *   is composed (NFC), so name patterns see one letter; the map sends the composed letter back to the
 *   whole run of original code units.
 * Linear: one pass, and `normalize` only on runs that hold a combining mark.
 */
export interface FoldedText {
  readonly text: string;
  /** Original offset of a folded start offset. */
  originalStart(index: number): number;
  /** Original offset of a folded end offset. */
  originalEnd(index: number): number;
}

// anything the fold would change: combining marks, no-break/ideographic spaces, dash look-alikes, full-width ASCII
const NEEDS_FOLD = /[\u0300-\u036f\u00a0\u2007\u202f\u2010-\u2015\u2212\u3000\uff01-\uff5e]/;

// One function for every unfolded text, not two new closures per call: most fields need no fold.
const sameOffset = (index: number): number => index;

export function foldForMatching(text: string): FoldedText {
  if (!NEEDS_FOLD.test(text)) return { text, originalStart: sameOffset, originalEnd: sameOffset };
  const parts: string[] = [];
  // for each folded code unit: the original run it came from
  const runStart: number[] = [];
  const runEnd: number[] = [];
  let index = 0;
  while (index < text.length) {
    let end = index + 1;
    // a surrogate pair stays together
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && end < text.length) end++;
    while (end < text.length && isCombining(text.charCodeAt(end))) end++;
    const run = text.slice(index, end);
    const folded = isCombining(text.charCodeAt(end - 1)) && end - index > 1 ? run.normalize('NFC') : foldChar(run);
    for (let unit = 0; unit < folded.length; unit++) {
      runStart.push(index);
      runEnd.push(end);
    }
    parts.push(folded);
    index = end;
  }
  const folded = parts.join('');
  return {
    text: folded,
    originalStart: (at) => (at >= runStart.length ? text.length : (runStart[at] ?? text.length)),
    originalEnd: (at) => (at <= 0 ? 0 : (runEnd[at - 1] ?? text.length)),
  };
}

function isCombining(code: number): boolean {
  return code >= 0x0300 && code <= 0x036f;
}

function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0x3000 || code === 0x00a0 || code === 0x2007 || code === 0x202f) return ' ';
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) return '-';
  return char;
}

/**
 * Lower case with the same length as the input, so offsets found in it hold for the original
 * ("İ".toLowerCase() is two code units; such a character is kept as it is).
 */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let output = '';
  for (const char of text) {
    const lowered = char.toLowerCase();
    output += lowered.length === char.length ? lowered : char;
  }
  return output;
}
