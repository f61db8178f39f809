import type { SpanPosition } from '../recognizer.ts';
import { lowerSameLength } from '../fold.ts';

/** Words near a phone number (context for the phone recognizers). */
export const PHONE_CONTEXT: readonly string[] = ['phone', 'tel', 'telephone', 'call', 'office', 'desk', 'messages to', 'registered', 'answering', 'reach me', 'text me', 'mobile', 'cell', 'number', 'fax', 'whatsapp', 'ring', 'reach', 'téléphone', 'telefon', 'handy', 'teléfono', 'movil', 'điện thoại', 'sđt', '電話'];

// cues that name a phone outright: they win over an id word in the same window ("phone or order 0301…" stays a phone);
// matched at the start of a word, so "Bestellnummer" does not hold "tel"
const STRONG_PHONE_CUES = ['phone*', 'tel*', 'call*', 'mobile*', 'cell*', 'fax*', 'whatsapp', 'handy*', 'téléphone*', 'portable', 'teléfono*', 'móvil*', 'movil*', 'llam*', 'điện thoại', 'sđt', 'gọi', '電話*', '携帯*', '連絡先*'];

/** 9 to 12 digits, not one digit repeated after the trunk prefix. */
export function plausibleLength(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 9 && digits.length <= 12 && !/^(\d)\1+$/.test(digits.slice(1));
}

// words before a number that make it an id, not a phone number; a trailing * matches the start of a
// word (German compounds: Bestellnummer, Kundennummer), the rest whole words only
const ID_CUES = [
  'order*', 'invoice*', 'ref', 'ref.', 'reference', 'tracking', 'ticket*', 'account*', 'acct', 'iban', 'transaction*', 'case', 'serial', 'id',
  'bestell*', 'rechnung*', 'konto*', 'auftrag*', 'kunden*', 'vorgang*', 'sendung*',
  'commande', 'facture', 'référence', 'compte', 'dossier', 'colis',
  'pedido', 'factura', 'cuenta', 'referencia', 'envío',
  'đơn hàng', 'mã', 'tài khoản', 'hóa đơn',
  '注文*', '請求*', '口座*', '伝票*', '会員番号*', 'お問い合わせ番号*',
];

/** An amount, a decimal, part of a longer id or date, or a number an id word introduces. */
export function looksLikeSomethingElse({ text, start, end }: SpanPosition): boolean {
  const before = lowerSameLength(text.slice(Math.max(0, start - 24), start));
  const after = lowerSameLength(text.slice(end, end + 10));
  // currency or number sign right before; a digit, decimal point or id joiner glued to either side
  if (/(?:[#$€£¥₫]|n[o°º]\.?|nr\.?)\s?$/.test(before) || /[\w][-/.,]$/.test(before)) return true;
  if (/^(?:[.,/-]\d|\s?(?:€|eur|euros?|usd|gbp|dollars?|\$|£|¥|円|₫|đ\b|vnd|%|kg|km))/.test(after)) return true;
  if (STRONG_PHONE_CUES.some((cue) => hasWord(before, cue))) return false;
  return ID_CUES.some((cue) => hasWord(before, cue));
}

function hasWord(window: string, pattern: string): boolean {
  const prefix = pattern.endsWith('*');
  const cue = prefix ? pattern.slice(0, -1) : pattern;
  let index = window.indexOf(cue);
  while (index !== -1) {
    // at the start of a word ("order", not "border"), and whole unless a prefix ("id", not "idea")
    const startsWord = index === 0 || !isWordChar(window[index - 1]);
    if (startsWord && (prefix || !isWordChar(window[index + cue.length]))) return true;
    index = window.indexOf(cue, index + 1);
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9à-ỹ]/.test(char);
}
