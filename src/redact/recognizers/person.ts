import type { Candidate, Recognizer, RecognizerContext } from '../recognizer.ts';
import { lowerSameLength } from '../fold.ts';
import { ANY_LATIN } from '../letters.ts';
import { NO_SPACE_SCRIPT } from '../../text/index.ts';
import { knownNameParts } from '../name-parts.ts';
import { COMMON_FIRST_NAMES } from './common-first-names.ts';
import { VIETNAMESE_SURNAMES } from './surnames.ts';

// Latin Extended-A (Š, Ł, Ő…) and Extended Additional (Vietnamese ễ, Ầ, ỳ…) interleave upper and lower
// case; they sit in both classes as whole ranges (a class listing each capital alone made every name
// pattern three times slower) and `invalidate` drops a word that starts in lower case ("đã", "ở").
// Ơ/Ư are Vietnamese letters from Extended-B. The analyzer
// composes decomposed text first (fold.ts), so a Vietnamese letter is one code unit here.
const upperLetters = 'A-ZÀ-ÖØ-ÞĀ-ſƠƯḀ-ỿ';
const lowerLetters = 'a-zß-öø-ÿĀ-ſơưḀ-ỿ';
const allLetters = ANY_LATIN;
// a capitalised word (person-vi.ts builds on these three); a hyphen or apostrophe may join a second capitalised part (Jean-Pierre, O'Brien).
// The alternatives start with different characters, so the repetition cannot backtrack into itself.
export const word = `[${upperLetters}](?:[${lowerLetters}'’]|[-'’][${upperLetters}]){1,20}`;
// \b is ASCII-only without the u flag and would cut "Ottová" before the á
export const wordEnd = `(?![${allLetters}])`;
// the start of a name that is not cued by a word before it: not inside another word
export const wordStart = `(?:^|[^${allLetters}'’])`;
const greetings =
  'Hi|Hello|Hey|Dear|Hallo|Liebe|Lieber|Guten Tag|Guten Morgen|Guten Abend|Moin|Servus|Bonjour|Bonsoir|Salut|Cher|Chère|Coucou|' +
  'Hola|Buenos días|Buenas tardes|Buenas noches|Buenas|Querido|Querida|Estimado|Estimada|Ciao|Olá|Xin chào|Chào|Kính gửi|Thân gửi|Good morning|Good afternoon|Good evening';
// Vietnamese addresses a person with a kinship pronoun before the name: "Chào anh Nguyễn Văn An"
const pronouns = 'anh|chị|em|bạn|ông|bà|cô|chú';
const signOffs =
  'Regards|Best regards|Kind regards|Warm regards|Best|Thanks|Thank you|Many thanks|Cheers|Sincerely|' +
  'Mit freundlichen Grüßen|Mit besten Grüßen|Freundliche Grüße|Viele Grüße|Liebe Grüße|Herzliche Grüße|Beste Grüße|Schöne Grüße|Grüße|Gruß|Vielen Dank|Danke|' +
  'Cordialement|Bien cordialement|Bien à vous|Sincères salutations|Salutations|Amicalement|Merci beaucoup|Merci|' +
  'Saludos cordiales|Un cordial saludo|Saludos|Atentamente|Un saludo|Cordialmente|Muchas gracias|Gracias|' +
  'Trân trọng|Xin cảm ơn|Cảm ơn';
const titles =
  'Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Hr|Fr|M\\.|Mme|Mlle|Monsieur|Madame|Sr|Sra|Señor|Señora|Anh|Chị|Ông|Bà';
const introductions =
  "[Mm]y name is|I'm|[Jj]e m'appelle|[Jj]e suis|[Ii]ch heiße|[Mm]ein Name ist|[Mm]e llamo|[Mm]i nombre es|[Ss]oy|[Tt]ên tôi là|[Tt]ôi tên là|[Tt]ôi là|[Ee]m là|[Ee]m tên là";
const labels = '[Nn]ame|User|Customer|Contact|Attn|Kunde|Kontakt|Nom|Nombre|Contacto|Titular|Họ và tên|Họ tên|Tên';

/** Places named after people, and places whose first word is also a family name. */
const NOT_VIETNAMESE_NAMES: ReadonlySet<string> = new Set([
  'hồ chí minh',
  'hồ chí',
  'lê lợi',
  'trần hưng đạo',
  'lý thường kiệt',
  'nguyễn huệ',
  'hà giang',
  'hà tĩnh',
  'hà nam',
  'cao bằng',
  'thái bình',
  'thái nguyên',
  'lâm đồng',
  'hồ gươm',
  'chí minh',
  'việt nam',
  // cities and provinces written as two capitalised words
  ...`hà nội|đà nẵng|hải phòng|cần thơ|nha trang|đà lạt|vũng tàu|biên hòa|sài gòn|hạ long|quy nhơn|bình dương|đồng nai|
  long an|bắc ninh|quảng ninh|nghệ an|thanh hóa|khánh hòa|kiên giang|phú quốc|tây ninh|an giang|cà mau|bến tre|tiền giang|
  vĩnh long|sóc trăng|bạc liêu|quảng nam|quảng ngãi|bình định|phú yên|gia lai|kon tum|đắk lắk|lào cai|yên bái|sơn la|
  điện biên|hòa bình|ninh bình|nam định|hưng yên|hải dương|bắc giang|lạng sơn|tuyên quang|phú thọ|vĩnh phúc|bình thuận|
  ninh thuận|bình phước|hậu giang|đồng tháp|trà vinh|quảng bình|quảng trị|thừa thiên|bà rịa`
    .split('|')
    .map((place) => place.trim()),
]);

/** Vietnamese kinship words used as titles before a name (Anh Tuấn, Chị Lan). */
const VIETNAMESE_KINSHIP: ReadonlySet<string> = new Set([
  'anh',
  'chị',
  'em',
  'bạn',
  'ông',
  'bà',
  'cô',
  'chú',
  'bác',
  'cháu',
]);

/** Vietnamese middle names that mark a man's or a woman's full name: Kha Văn Lộc, Diệp Thị Ngọc. */
const VIETNAMESE_MIDDLE_NAMES: ReadonlySet<string> = new Set(['văn', 'thị']);

/**
 * Capitalised words that are almost never part of a name: function words, organisation and
 * place words, headings. A capitalised pair holding one of them is a title or a place, not a person.
 */
const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  `the a an to of and or in on at by for from with my your our his her their its this that these those but
  if so not no yes now then when what why how who where is are was were be been do does did i i'm you're we
  it's new old big small united kingdom republic states state union federal national international
  north south east west northern southern eastern western central inc ltd llc gmbh corp corporation company
  technologies technology software systems services solutions group bank insurance data research capital
  club team orchestra band weekly daily news times journal magazine info personal information account
  billing address street road avenue suite apt phone mobile email fax office desk day night monday tuesday
  wednesday thursday friday saturday sunday january february march april june july august september october
  november december city country county island islands mission statement force border civil rights health
  economic european american african asian guilty pleasures directed cite awarded please thanks thank
  dear hello hi regards best customer support service order ticket help team
  st it as pay card cards debit credit direct transfer top auto app apps store play watch phone id plus pro
  premium business cloud online web mobile russian english french german spanish chinese japanese what's
  der die das den dem des ein eine einen einem einer mein meine meinen meinem meiner ihr ihre unser unsere
  sie ich wir er es ist und oder aber nicht bitte danke hallo vom zum zur im am beim seit wann warum wie was
  le la les un une des mon ma mes votre vos notre nos je nous il ce cette est et ou mais pas merci
  el los las una mi mis su sus tu nuestro yo es y pero por gracias hola
  tôi em chị bạn chúng mình của và là không có được đã
  zalo momo shopee lazada tiki grab facebook google apple samsung iphone android windows visa mastercard
  mr mrs ms miss dr prof herr frau mme mlle monsieur madame señor señora sr sra`
    .split(/\s+/)
    .filter((entry) => entry.length > 0),
);

/**
 * Below known names (0.85), so a known participant keeps one placeholder for the whole name instead of a validated
 * pair inside it.
 */
export const VALIDATED_NAME_SCORE = 0.8;

/**
 * Names known to be in the ticket (requester, agents), each part of a multi-word name too.
 * Scores below e-mail so `dana@shop.io` stays one e-mail, not a name plus a domain.
 */
function findKnownNames(text: string, context: RecognizerContext): Candidate[] {
  const parts = new Set<string>();
  for (const name of context.knownNames) for (const part of knownNameParts(name)) parts.add(part.toLowerCase());
  if (parts.size === 0) return [];
  const lower = lowerSameLength(text);
  const candidates: Candidate[] = [];
  for (const part of parts) {
    let from = 0;
    for (let index = lower.indexOf(part, from); index !== -1; index = lower.indexOf(part, from)) {
      const end = index + part.length;
      if (edgeBefore(lower, index, part) && edgeAfter(lower, end, part)) {
        candidates.push({ type: 'PERSON', start: index, end, score: 0.85, recognizer: 'person-known' });
      }
      from = end;
    }
  }
  return candidates;
}

/**
 * Where a known name may start: not inside a word, except in scripts written without spaces (山田太郎です, 请联系王伟),
 * where a name is glued to the words around it.
 */
function edgeBefore(lower: string, index: number, part: string): boolean {
  return NO_SPACE_SCRIPT.test(part.charAt(0)) || !isLetter(lower[index - 1]);
}

/** Where a known name may end: as edgeBefore, and a Korean name may carry a particle (김민수님, 김민수가). */
function edgeAfter(lower: string, end: number, part: string): boolean {
  const last = part.charAt(part.length - 1);
  return NO_SPACE_SCRIPT.test(last) || HANGUL.test(last) || !isLetter(lower[end]);
}

const HANGUL = /[\uac00-\ud7a3]/;

function startsLowerCase(word: string): boolean {
  const code = word.charCodeAt(0);
  if (code < 128) return code >= 97 && code <= 122;
  const first = word.charAt(0);
  return first !== first.toUpperCase();
}

function isLetter(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/**
 * People named by high-precision cues only: greetings, sign-offs, titles, self-introductions,
 * Japanese honorifics and the participants the caller knows about. No name lists.
 */
export const personRecognizer: Recognizer = {
  name: 'person',
  type: 'PERSON',
  patterns: [
    {
      name: 'greeting-3',
      regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (?:(?:${pronouns}) )?(${word} ${word} ${word})${wordEnd}`, 'gm'),
      score: 0.75,
    },
    {
      name: 'greeting-2',
      regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (?:(?:${pronouns}) )?(${word} ${word})${wordEnd}`, 'gm'),
      score: 0.75,
    },
    {
      name: 'greeting-1',
      regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (?:(?:${pronouns}) )?(${word})${wordEnd}`, 'gm'),
      score: 0.7,
    },
    {
      name: 'sign-off-3',
      regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word} ${word} ${word})${wordEnd}`, 'g'),
      score: 0.75,
    },
    {
      name: 'sign-off-2',
      regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word} ${word})${wordEnd}`, 'g'),
      score: 0.75,
    },
    { name: 'sign-off-1', regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word})$`, 'gm'), score: 0.65 },
    {
      name: 'title-3',
      regex: new RegExp(`\\b(?:${titles})\\.? (${word} ${word} ${word})${wordEnd}`, 'g'),
      score: 0.75,
    },
    { name: 'title-2', regex: new RegExp(`\\b(?:${titles})\\.? (${word} ${word})${wordEnd}`, 'g'), score: 0.75 },
    { name: 'title-1', regex: new RegExp(`\\b(?:${titles})\\.? (${word})${wordEnd}`, 'g'), score: 0.7 },
    {
      name: 'introduction-3',
      regex: new RegExp(`\\b(?:${introductions}) (${word} ${word} ${word})${wordEnd}`, 'g'),
      score: 0.6,
    },
    { name: 'introduction', regex: new RegExp(`\\b(?:${introductions}) (${word} ${word})${wordEnd}`, 'g'), score: 0.6 },
    { name: 'introduction-1', regex: new RegExp(`\\b(?:${introductions}) (${word})${wordEnd}`, 'g'), score: 0.6 },
    {
      name: 'name-label-3',
      regex: new RegExp(`\\b(?:${labels})\\s{0,3}[:?]\\s{0,3}(${word} ${word} ${word})${wordEnd}`, 'g'),
      score: 0.7,
    },
    {
      name: 'name-label',
      regex: new RegExp(`\\b(?:${labels})\\s{0,3}[:?]\\s{0,3}(${word} ${word})${wordEnd}`, 'g'),
      score: 0.65,
    },
    {
      name: 'name-label-initial',
      regex: new RegExp(`\\b(?:${labels})\\s{0,3}[:?]\\s{0,3}(${word} [A-Z]\\.? ${word})${wordEnd}`, 'g'),
      score: 0.7,
    },
    // a line that is only "Firstname [I.] Lastname": addressee or signature block
    { name: 'name-line', regex: new RegExp(`^[> ]{0,8}(${word} ${word})$`, 'gm'), score: 0.45 },
    { name: 'name-line-3', regex: new RegExp(`^[> ]{0,8}(${word} ${word} ${word})$`, 'gm'), score: 0.45 },
    { name: 'name-line-initial', regex: new RegExp(`^[> ]{0,8}(${word} [A-Z]\\.? ${word})$`, 'gm'), score: 0.55 },
    { name: 'pair', regex: new RegExp(`${wordStart}(${word} ${word})${wordEnd}`, 'gm'), score: 0.5 },
    { name: 'pair-initial', regex: new RegExp(`${wordStart}(${word} [A-Z]\\.? ${word})${wordEnd}`, 'gm'), score: 0.6 },
  ],
  context: ['by', 'name', 'mr', 'ms', 'contact', 'agent', 'customer', 'from'],
  invalidate: isNotAName,
  validatedScore: VALIDATED_NAME_SCORE,
  validate: isKnownNameShape,
  find: findKnownNames,
};

/**
 * A capitalised run that is not a person: a stop-list word, a place, a lower-case part, a kinship title as its first
 * word. (Runs once per candidate, and hostile input makes one every few characters: plain loops, no regex.)
 */
export function isNotAName(value: string): boolean {
  if (NOT_NAME_WORDS.has(value) || NOT_VIETNAMESE_NAMES.has(value.toLowerCase())) return true;
  const parts = value.split(' ');
  for (const part of parts) if (startsLowerCase(part)) return true;
  const first = (parts[0] ?? '').toLowerCase();
  // "Anh Kha Văn Lộc": the kinship word is a cue (person-vi), not the first word of the name
  if (parts.length >= 2 && VIETNAMESE_KINSHIP.has(first)) return true;
  // a Vietnamese family name followed by given names is a name even when a part is an English word: Nguyễn Văn An
  if (parts.length >= 2 && VIETNAMESE_SURNAMES.has(first)) return false;
  for (const part of parts) if (NOT_NAME_WORDS.has(part.toLowerCase())) return true;
  return false;
}

/** A capitalised run that is a name: a common first name first, a Vietnamese family name first, or Văn/Thị between. */
export function isKnownNameShape(value: string): true | undefined {
  const parts = value.split(' ');
  const first = parts[0]?.toLowerCase() ?? '';
  if (COMMON_FIRST_NAMES.has(first)) return true;
  if (parts.length === 3 && VIETNAMESE_MIDDLE_NAMES.has(parts[1]?.toLowerCase() ?? '')) return true;
  return parts.length >= 2 && VIETNAMESE_SURNAMES.has(first) ? true : undefined;
}
