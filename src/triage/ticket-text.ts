import type { Ticket } from '../contract/index.ts';
import { placeholderPattern } from '../redact/index.ts';
import { clip, NO_SPACE_SCRIPT } from '../text/index.ts';

/** What the models read: subject, description and the requester's comments (agents' replies would leak their wording). */
export function modelText(ticket: Ticket): string {
  const requesterComments = ticket.comments
    .filter((comment) => comment.authorRole === 'requester')
    .map((comment) => comment.body);
  return [ticket.subject, ticket.description, ...requesterComments].filter((part) => part.trim().length > 0).join('\n');
}

/** The longest summary line, in UTF-16 code units (the LLM's summary is held to it too). */
export const SUMMARY_LIMIT = 140;

/**
 * Splits text into sentences in one pass (no regex, so no backtracking on hostile input): a sentence ends at a Latin
 * `.`, `!` or `?` followed by white space or the end ("v2.0" stays inside), at a CJK full stop anywhere, and at a
 * line break.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const latinEnd =
      (char === '.' || char === '!' || char === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]!));
    if (latinEnd || char === '。' || char === '！' || char === '？' || char === '\n') {
      const sentence = text.slice(start, char === '\n' ? i : i + 1).trim();
      if (sentence.length > 0) out.push(sentence);
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last.length > 0) out.push(last);
  return out;
}

/** Openers and closers that carry no content, in en, de, fr, es, ja, vi (matched at a sentence start, case-insensitive). */
const POLITE =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|thanks?|thank you|many thanks|best|regards|kind regards|cheers|sincerely|hallo|guten (?:tag|morgen|abend)|sehr geehrte|liebe|vielen dank|danke|mit freundlichen grüßen|viele grüße|grüße|bonjour|bonsoir|cher|chère|merci|cordialement|bien à vous|hola|buenos días|buenas tardes|estimado|estimada|gracias|saludos|atentamente|xin chào|chào|cảm ơn|trân trọng|thân ái)(?![\p{L}\p{N}])|^(?:こんにちは|お世話になって|お疲れ様|よろしくお願い|宜しくお願い|ありがとうございます)/iu;

/** A greeting clause in front of the first sentence ("Hello team, The dashboard…"): dropped, the rest kept. */
const GREETING_CLAUSE = new RegExp(`(?:${POLITE.source})[^,，、.!?。]{0,40}[,，、]\\s*`, 'iu');

/** A sentence that only tells how to reach the requester (its values are placeholders by now). */
const CONTACT = placeholderPattern(['EMAIL_ADDRESS', 'PHONE_NUMBER', 'PERSON', 'STREET_ADDRESS']);

function words(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text
    .toLowerCase()
    .normalize('NFC')
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    // Scripts without spaces: character bigrams stand in for words.
    if (NO_SPACE_SCRIPT.test(word)) {
      for (let index = 0; index + 1 < word.length; index++) found.add(word.slice(index, index + 2));
    } else if (word.length > 2) found.add(word);
  }
  return found;
}

function summaryLine(text: string): string {
  return clip(text.charAt(0).toLocaleUpperCase() + text.slice(1), SUMMARY_LIMIT);
}

/**
 * One extractive line from the redacted ticket: the sentence of the description (or the requester's comments) that
 * says most about the subject, skipping greetings, sign-offs and contact lines; the subject when no sentence says
 * more. Redacted input only, so the line never holds PII the redactor found.
 */
export function summaryOf(redacted: Ticket): string {
  const subject = redacted.subject.replace(/\s+/g, ' ').trim();
  const subjectWords = words(subject);
  const body = [
    redacted.description,
    ...redacted.comments.filter((comment) => comment.authorRole === 'requester').map((comment) => comment.body),
  ].join('\n');
  let best: { line: string; score: number } | null = null;
  for (const sentence of sentences(body)) {
    const raw = sentence.replace(/\s+/g, ' ');
    const line = raw.replace(GREETING_CLAUSE, '');
    const sentenceWords = words(line);
    if (sentenceWords.size < 3 || POLITE.test(line) || CONTACT.test(line)) continue;
    let overlap = 0;
    for (const word of sentenceWords) if (subjectWords.has(word)) overlap++;
    // Shared words with the subject first; among equals, the earlier sentence (the customer's opening complaint).
    if (best === null || overlap > best.score) best = { line, score: overlap };
  }
  if (best && (best.score > 0 || subject.length === 0 || subjectWords.size < 2)) return summaryLine(best.line);
  return summaryLine(subject.length > 0 ? subject : (best?.line ?? ''));
}

/**
 * The message below the subject in a stored text (what modelText wrote: the subject first, then the rest), on one
 * line and clipped to `limit`: what a reviewer reads beside the subject. Text that does not start with the subject
 * (an imported ticket) is excerpted whole. A line said before is left out: Zendesk's description is also the first
 * comment, so modelText holds it twice.
 */
export function messageExcerpt(subject: string, text: string, limit: number): string {
  const body = subject.trim() !== '' && text.startsWith(subject) ? text.slice(subject.length) : text;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const line of body.split('\n')) {
    const folded = line.replace(/\s+/g, ' ').trim();
    if (folded === '' || seen.has(folded)) continue;
    seen.add(folded);
    lines.push(folded);
  }
  return clip(lines.join(' '), limit);
}
