import type { Candidate, Recognizer, RecognizerContext } from '../recognizer.ts';

const word = "[A-ZÀ-ÝĐ][a-zà-ÿđ'-]{1,20}";
const greetings = 'Hi|Hello|Hey|Dear|Hallo|Liebe|Lieber|Bonjour|Salut|Hola|Estimado|Estimada|Ciao|Olá|Xin chào|Chào|Kính gửi|Good morning|Good afternoon';
const signOffs =
  'Regards|Best regards|Kind regards|Best|Thanks|Thank you|Many thanks|Cheers|Sincerely|Cordialement|Bien à vous|Mit freundlichen Grüßen|Viele Grüße|Beste Grüße|Gruß|Saludos|Atentamente|Un saludo|Trân trọng|Cảm ơn';
const titles = 'Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Sr|Sra|Señor|Señora|Anh|Chị';
const introductions = "[Mm]y name is|I'm|[Jj]e m'appelle|[Ii]ch heiße|[Mm]ein Name ist|[Mm]e llamo|[Mm]i nombre es|[Tt]ên tôi là";

/** Names known to be in the ticket (requester, agents), each part of a multi-word name too. */
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
        candidates.push({ type: 'PERSON', start: index, end, score: 1, recognizer: 'person-known' });
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
    { name: 'greeting-2', regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (${word} ${word})\\b`, 'gm'), score: 0.75 },
    { name: 'greeting-1', regex: new RegExp(`(?:^|\\b)(?:${greetings}),? (${word})\\b`, 'gm'), score: 0.7 },
    { name: 'sign-off-2', regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word} ${word})\\b`, 'g'), score: 0.75 },
    { name: 'sign-off-1', regex: new RegExp(`\\b(?:${signOffs})[,!.]?\\s{1,4}(${word})$`, 'gm'), score: 0.65 },
    { name: 'title-2', regex: new RegExp(`\\b(?:${titles})\\.? (${word} ${word})\\b`, 'g'), score: 0.75 },
    { name: 'title-1', regex: new RegExp(`\\b(?:${titles})\\.? (${word})\\b`, 'g'), score: 0.7 },
    { name: 'introduction', regex: new RegExp(`\\b(?:${introductions}) (${word} ${word})\\b`, 'g'), score: 0.6 },
    { name: 'honorific-ja', regex: /([一-龯ァ-ヶー]{1,6})(?:様|さん|さま)/g, score: 0.7 },
  ],
  find: findKnownNames,
};
