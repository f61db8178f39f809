import type { Candidate, Recognizer, RecognizerContext } from '../recognizer.ts';
import { COMMON_FIRST_NAMES } from './common-first-names.ts';

// Latin Extended-A (Š, Ł, Ő…) holds both cases interleaved, so it sits in both classes
const word = "[A-ZÀ-ÝĐĀ-ſ][a-zà-ÿđĀ-ſ'-]{1,20}";
// \b is ASCII-only without the u flag and would cut "Ottová" before the á
const wordEnd = "(?![A-Za-zÀ-ÿĀ-ſ])";
const greetings = 'Hi|Hello|Hey|Dear|Hallo|Liebe|Lieber|Bonjour|Salut|Hola|Estimado|Estimada|Ciao|Olá|Xin chào|Chào|Kính gửi|Good morning|Good afternoon';
const signOffs =
  'Regards|Best regards|Kind regards|Best|Thanks|Thank you|Many thanks|Cheers|Sincerely|Cordialement|Bien à vous|Mit freundlichen Grüßen|Viele Grüße|Beste Grüße|Gruß|Saludos|Atentamente|Un saludo|Trân trọng|Cảm ơn';
const titles = 'Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Sr|Sra|Señor|Señora|Anh|Chị';
const introductions = "[Mm]y name is|I'm|[Jj]e m'appelle|[Ii]ch heiße|[Mm]ein Name ist|[Mm]e llamo|[Mm]i nombre es|[Tt]ên tôi là";

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
  premium business cloud online web mobile russian english french german spanish chinese japanese what's`.split(/\s+/).filter((entry) => entry.length > 0),
);

/**
 * Names known to be in the ticket (requester, agents), each part of a multi-word name too.
 * Scores below e-mail so `dana@shop.io` stays one e-mail, not a name plus a domain.
 */
function findKnownNames(text: string, context: RecognizerContext): Candidate[] {
  const parts = new Set<string>();
  for (const name of context.knownNames) {
    const trimmed = name.trim();
    if (trimmed.length >= 2) parts.add(trimmed.toLowerCase());
    for (const part of trimmed.split(/\s+/)) if (part.length >= 2) parts.add(part.toLowerCase());
  }
  if (parts.size === 0) return [];
  const lower = text.toLowerCase();
  const candidates: Candidate[] = [];
  for (const part of parts) {
    let from = 0;
    for (let index = lower.indexOf(part, from); index !== -1; index = lower.indexOf(part, from)) {
      const end = index + part.length;
      if (!isLetter(lower[index - 1]) && !isLetter(lower[end])) {
        candidates.push({ type: 'PERSON', start: index, end, score: 0.85, recognizer: 'person-known' });
      }
      from = end;
    }
  }
  return candidates;
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
    { name: 'greeting-2', regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (${word} ${word})${wordEnd}`, 'gm'), score: 0.75 },
    { name: 'greeting-1', regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (${word})${wordEnd}`, 'gm'), score: 0.7 },
    { name: 'sign-off-2', regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word} ${word})${wordEnd}`, 'g'), score: 0.75 },
    { name: 'sign-off-1', regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word})$`, 'gm'), score: 0.65 },
    { name: 'title-2', regex: new RegExp(`\\b(?:${titles})\\.? (${word} ${word})${wordEnd}`, 'g'), score: 0.75 },
    { name: 'title-1', regex: new RegExp(`\\b(?:${titles})\\.? (${word})${wordEnd}`, 'g'), score: 0.7 },
    { name: 'introduction', regex: new RegExp(`\\b(?:${introductions}) (${word} ${word})${wordEnd}`, 'g'), score: 0.6 },
    { name: 'introduction-1', regex: new RegExp(`\\b(?:${introductions}) (${word})${wordEnd}`, 'g'), score: 0.6 },
    { name: 'name-label', regex: new RegExp(`\\b(?:[Nn]ame|User|Customer|Contact|Attn)\\s{0,3}[:?]\\s{0,3}(${word} ${word})${wordEnd}`, 'g'), score: 0.65 },
    { name: 'name-label-initial', regex: new RegExp(`\\b(?:[Nn]ame|User|Customer|Contact|Attn)\\s{0,3}[:?]\\s{0,3}(${word} [A-Z]\\.? ${word})${wordEnd}`, 'g'), score: 0.7 },
    // a line that is only "Firstname [I.] Lastname": addressee or signature block
    { name: 'name-line', regex: new RegExp(`^[> ]{0,8}(${word} ${word})$`, 'gm'), score: 0.45 },
    { name: 'name-line-initial', regex: new RegExp(`^[> ]{0,8}(${word} [A-Z]\\.? ${word})$`, 'gm'), score: 0.55 },
    { name: 'pair', regex: new RegExp(`\\b(${word} ${word})${wordEnd}`, 'g'), score: 0.5 },
    { name: 'pair-initial', regex: new RegExp(`\\b(${word} [A-Z]\\.? ${word})${wordEnd}`, 'g'), score: 0.6 },
    { name: 'honorific-ja', regex: /([一-龯ァ-ヶー]{1,6})(?:様|さん|さま)/g, score: 0.7 },
  ],
  context: ['by', 'name', 'mr', 'ms', 'contact', 'agent', 'customer', 'from'],
  // a capitalised pair counts when its first word is a common first name
  invalidate: (value) => value.split(/\s+/).some((part) => NOT_NAME_WORDS.has(part.toLowerCase())),
  validate: (value) => (COMMON_FIRST_NAMES.has(value.split(' ')[0]?.toLowerCase() ?? '') ? true : undefined),
  find: findKnownNames,
};
