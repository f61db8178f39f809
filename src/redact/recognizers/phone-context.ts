import type { SpanPosition } from '../recognizer.ts';

/** Words near a phone number (context for the phone recognizers). */
export const PHONE_CONTEXT: readonly string[] = [
  'phone',
  'tel',
  'telephone',
  'call',
  'office',
  'desk',
  'messages to',
  'registered',
  'answering',
  'reach me',
  'text me',
  'mobile',
  'cell',
  'number',
  'fax',
  'whatsapp',
  'ring',
  'reach',
  'téléphone',
  'telefon',
  'handy',
  'teléfono',
  'movil',
  'điện thoại',
  'sđt',
  '電話',
];

// cues that name a phone outright: they win over an id word in the same window ("phone or order 0301…" stays a phone);
// matched at the start of a word, so "Bestellnummer" does not hold "tel"
const STRONG_PHONE_CUES = [
  'phone*',
  'tel*',
  'call*',
  'mobile*',
  'cell*',
  'fax*',
  'whatsapp',
  'handy*',
  'téléphone*',
  'portable',
  'teléfono*',
  'móvil*',
  'movil*',
  'llam*',
  'điện thoại',
  'sđt',
  'gọi',
  '電話*',
  '携帯*',
  '連絡先*',
];

/** 9 to 12 digits, not one digit repeated after the trunk prefix. */
export function plausibleLength(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 9 && digits.length <= 12 && !/^(\d)\1+$/.test(digits.slice(1));
}

// words before a number that make it an id, not a phone number; a trailing * matches the start of a
// word (German compounds: Bestellnummer, Kundennummer), the rest whole words only
const ID_CUES = [
  'order*',
  'invoice*',
  'ref',
  'ref.',
  'reference',
  'tracking',
  'ticket*',
  'account*',
  'acct',
  'iban',
  'transaction*',
  'case',
  'serial',
  'id',
  'bestell*',
  'rechnung*',
  'konto*',
  'auftrag*',
  'kunden*',
  'vorgang*',
  'sendung*',
  'commande',
  'facture',
  'référence',
  'compte',
  'dossier',
  'colis',
  'pedido',
  'factura',
  'cuenta',
  'referencia',
  'envío',
  'đơn hàng',
  'mã',
  'tài khoản',
  'hóa đơn',
  '注文*',
  '請求*',
  '口座*',
  '伝票*',
  '会員番号*',
  'お問い合わせ番号*',
];

/** An amount, a decimal, part of a longer id or date, or a number an id word introduces. */
export function looksLikeSomethingElse({ text, start, end }: SpanPosition): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 10);
  // a currency or number sign right before; a digit, decimal point or id joiner glued to either side; a unit after
  if (/[#$€£¥₫]\s?$|\d[-/.,]$|[A-Za-z]-$/.test(before)) return true;
  if (
    /^(?:[.,/-]\d|\s?(?:€|eur\b|euros?\b|usd\b|gbp\b|dollars?\b|\$|£|¥|円|₫|đ(?![a-zà-ỹ])|vnd\b|%|kg\b|km\b))/i.test(
      after,
    )
  )
    return true;
  if (!ID_WORD.test(before)) return false;
  // "Tel. Nr. 030 1234567", "phone no. 020 7946 0321": a phone word wins over the id word
  return !STRONG_PHONE_WORD.test(before);
}

/** One case-insensitive regex per cue list: a cue at the start of a word, whole unless it ends in *. */
function cueRegex(cues: readonly string[]): RegExp {
  const escape = (cue: string): string => cue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefixes = cues.filter((cue) => cue.endsWith('*')).map((cue) => escape(cue.slice(0, -1)));
  const whole = cues.filter((cue) => !cue.endsWith('*')).map(escape);
  const start = `(?:^|[^${WORD}])`;
  return new RegExp(`${start}(?:${prefixes.join('|')})|${start}(?:${whole.join('|')})(?![${WORD}])`, 'i');
}

const WORD = 'a-zA-Z0-9À-ỹ';
const ID_WORD = cueRegex([...ID_CUES, 'no.', 'nr.', 'n°', 'nº']);
const STRONG_PHONE_WORD = cueRegex(STRONG_PHONE_CUES);
