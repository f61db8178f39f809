import { NO_SPACE_SCRIPT } from '../text/index.ts';
import { CHINESE_SURNAMES, JAPANESE_SURNAMES } from './recognizers/surnames.ts';

const HAN_NAME = /^\p{Script=Han}{3,}$/u;
const FAMILY_NAMES = [...JAPANESE_SURNAMES, ...CHINESE_SURNAMES].sort((a, b) => b.length - a.length);

/**
 * The forms of a known participant's name that the ticket may use on their own, each at least two characters: the
 * whole name, each space-separated part, the parts written together in a script without spaces (山田 太郎 →
 * 山田太郎), and family and given name of a Chinese or Japanese name written as one word (王小明 → 小明, 山田太郎 →
 * 山田, 太郎) when it starts with a common family name. A one-character family name alone (王) is too common a
 * character to redact everywhere and is left out, and so is a Korean given name alone (김지원 → 지원 is also
 * "support").
 */
export function knownNameParts(name: string): string[] {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const parts = new Set<string>([trimmed]);
  const words = trimmed.split(' ');
  for (const word of words) parts.add(word);
  if (words.length > 1 && NO_SPACE_SCRIPT.test(trimmed)) parts.add(words.join(''));
  for (const word of words) {
    if (!HAN_NAME.test(word)) continue;
    const family = FAMILY_NAMES.find((surname) => word.startsWith(surname) && word.length - surname.length >= 1);
    if (family === undefined) continue;
    parts.add(family);
    parts.add(word.slice(family.length));
  }
  return [...parts].filter((part) => part.length >= 2);
}
