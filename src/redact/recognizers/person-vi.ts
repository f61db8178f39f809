import type { Recognizer } from '../recognizer.ts';
import { isKnownNameShape, isNotAName, VALIDATED_NAME_SCORE, word, wordEnd, wordStart } from './person.ts';

// a kinship word before a name anywhere in a sentence: "đã gọi cho chị Lan", "ông Trần Văn Hùng nói"
const kinship = '[Aa]nh|[Cc]hị|[Ee]m|[Bb]ạn|[Ôô]ng|[Bb]à|[Cc]ô|[Cc]hú|[Bb]ác|[Cc]háu';
// Vietnamese letters outside Latin-1 (ơ, ư, ă, đ and the tone-marked vowels of Latin Extended Additional), or the two
// kinship words that need none: without either, the text is not Vietnamese and these patterns are not run
const VIETNAMESE = /[ăđơưĂĐƠƯ\u1ea0-\u1ef9]|\b(?:[Aa]nh|[Ee]m)\b/;

/**
 * Vietnamese names that person.ts's greetings and titles miss: after a kinship word mid-sentence (chị Lan, ông Trần
 * Văn Hùng) and a three-word name without a cue when it validates (a common family name first, Văn or Thị in the
 * middle). Stop-words, places and validation are person.ts's. Runs only on Vietnamese text: the triple would cost every
 * English ticket a pass for nothing.
 */
export const vietnamesePersonRecognizer: Recognizer = {
  name: 'person-vi',
  type: 'PERSON',
  appliesTo: (text) => VIETNAMESE.test(text),
  patterns: [
    {
      name: 'kinship-3',
      regex: new RegExp(`${wordStart}(?:${kinship}) (${word} ${word} ${word})${wordEnd}`, 'gm'),
      score: 0.75,
    },
    {
      name: 'kinship-2',
      regex: new RegExp(`${wordStart}(?:${kinship}) (${word} ${word})${wordEnd}`, 'gm'),
      score: 0.7,
    },
    { name: 'kinship-1', regex: new RegExp(`${wordStart}(?:${kinship}) (${word})${wordEnd}`, 'gm'), score: 0.65 },
    // three capitalised words count only when validated
    { name: 'triple', regex: new RegExp(`${wordStart}(${word} ${word} ${word})${wordEnd}`, 'gm'), score: 0.4 },
  ],
  invalidate: isNotAName,
  validatedScore: VALIDATED_NAME_SCORE,
  validate: isKnownNameShape,
};
