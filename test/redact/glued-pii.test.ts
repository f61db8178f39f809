import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/redact/index.ts';

/** True when one finding of `type` covers the whole of `value` inside `text`. */
function covered(text: string, value: string, type: string): boolean {
  const start = text.indexOf(value);
  return analyze(text).some(
    (finding) => finding.type === type && finding.start <= start && finding.end >= start + value.length,
  );
}

// pasted text often loses the space between a value and the next word: the value must still be redacted
const VALUES: Array<[string, string]> = [
  ['CREDIT_CARD', '4012 8888 8888 1881'],
  ['CREDIT_CARD', '4111111111111111'],
  ['CREDIT_CARD', '3782 822463 10005'],
  ['IBAN_CODE', 'DE89 3704 0044 0532 0130 00'],
  ['IBAN_CODE', 'GB82WEST12345698765432'],
  ['PHONE_NUMBER', '+44 20 7946 0958'],
  ['PHONE_NUMBER', '020 7946 0321'],
  ['PHONE_NUMBER', '0912 345 678'],
  ['PHONE_NUMBER', '(415) 555-0199'],
  ['EMAIL_ADDRESS', 'noah.hale@example.com'],
  ['IP_ADDRESS', '192.0.2.15'],
  ['IP_ADDRESS', '2001:db8::1'],
  ['US_SSN', '123-45-6780'],
];
const NAMES = ['Noah', 'Lucía', 'Đức', '田中'];
const cases = VALUES.flatMap(([type, value]) =>
  NAMES.flatMap(
    (name) =>
      [
        [type, value, name, `${value}${name}`],
        [type, value, name, `${name}${value}`],
      ] as const,
  ),
);

describe('PII glued to a word', () => {
  it.each(cases)('redacts the %s %s glued to %s in "%s"', (type, value, _name, glued) => {
    expect(covered(`Details: ${glued} thanks`, value, type)).toBe(true);
  });

  it.each([
    ['a card in a Japanese sentence', '連絡先: 4012 8888 8888 1881Lucía García', '4012 8888 8888 1881', 'CREDIT_CARD'],
    ['an IPv6 address before a name', 'IP 2001:db8::1Noah Hale', '2001:db8::1', 'IP_ADDRESS'],
    ['an IPv4 address before a name', 'IP 203.0.113.7Greta', '203.0.113.7', 'IP_ADDRESS'],
    [
      'a grouped card after an all-capitals word',
      'CARD4111 1111 1111 1111 was charged twice',
      '4111 1111 1111 1111',
      'CREDIT_CARD',
    ],
    [
      'a dashed card after an all-capitals word',
      'VISA4012-8888-8888-1881 declined',
      '4012-8888-8888-1881',
      'CREDIT_CARD',
    ],
    ['an Amex card after an all-capitals word', 'AMEX3782 822463 10005 declined', '3782 822463 10005', 'CREDIT_CARD'],
    [
      'a compact card glued to a card word',
      'CARD4111111111111111 was charged twice',
      '4111111111111111',
      'CREDIT_CARD',
    ],
    ['a compact card glued to Karte', 'Meine Karte4012888888881881 geht nicht', '4012888888881881', 'CREDIT_CARD'],
    [
      'a street line glued to the name before it',
      'Please ship to Noah Hale24 Clarke Avenue today',
      '24 Clarke Avenue',
      'STREET_ADDRESS',
    ],
    [
      'a street line glued to the name after it',
      'I live at 24 Clarke AvenueNoah Hale',
      '24 Clarke Avenue',
      'STREET_ADDRESS',
    ],
  ])('redacts %s', (_name, text, value, type) => {
    expect(covered(text, value, type)).toBe(true);
  });
});

describe('ordinary tokens with digits stay', () => {
  it.each([
    ['an order number', 'order A1234 shipped'],
    ['an order number with a long id', 'order A123456789012 shipped'],
    ['an invoice id', 'invoice INV4111111111111111 is due'],
    ['a version string', 'upgraded to v10.0.0.1 yesterday'],
    ['a dotted version', 'release 1.2.3.4.5 is out'],
    ['a word with digits', 'the x86 build and mp3 files and COVID19'],
    ['a product code', 'model XR2000 and SKU B07XJ8C8F5'],
    ['a build number glued to a word', 'build20261130 failed'],
    ['grouped digits after an id word that fail Luhn', 'ORDER1234 5678 9012 3456 shipped'],
  ])('leaves %s alone', (_name, text) => {
    expect(analyze(text)).toEqual([]);
  });
});
