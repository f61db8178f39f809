import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/redact/index.ts';

/** Types found in `text`, with the exact substring each covers. */
function found(text: string, options = {}): Array<[string, string]> {
  return analyze(text, options).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

describe('recognizers find what they should', () => {
  it.each([
    [
      'an e-mail address',
      'write to jane.doe+tickets@example.co.uk today',
      'EMAIL_ADDRESS',
      'jane.doe+tickets@example.co.uk',
    ],
    ['an international UK number', 'call +44 20 7946 0958 now', 'PHONE_NUMBER', '+44 20 7946 0958'],
    ['a US number in brackets', 'phone (602)272-9781 please', 'PHONE_NUMBER', '(602)272-9781'],
    ['a US number with dashes', 'reach me at 602-272-9781', 'PHONE_NUMBER', '602-272-9781'],
    ['a UK national number', 'my mobile is 07700 900123', 'PHONE_NUMBER', '07700 900123'],
    ['a German national number', 'Telefon 030 1234567', 'PHONE_NUMBER', '030 1234567'],
    ['a French national number', 'téléphone 01 23 45 67 89', 'PHONE_NUMBER', '01 23 45 67 89'],
    ['a Japanese number', '電話 03-1234-5678 まで', 'PHONE_NUMBER', '03-1234-5678'],
    ['a Vietnamese number', 'sđt 0912 345 678 nhé', 'PHONE_NUMBER', '0912 345 678'],
    ['a Visa card with spaces', 'card 4111 1111 1111 1111 expired', 'CREDIT_CARD', '4111 1111 1111 1111'],
    ['an Amex card', 'amex 378282246310005 was declined', 'CREDIT_CARD', '378282246310005'],
    ['a grouped IBAN', 'IBAN DE89 3704 0044 0532 0130 00 thanks', 'IBAN_CODE', 'DE89 3704 0044 0532 0130 00'],
    ['a compact IBAN', 'iban GB82WEST12345698765432', 'IBAN_CODE', 'GB82WEST12345698765432'],
    ['an IPv4 address', 'from 192.168.10.25 again', 'IP_ADDRESS', '192.168.10.25'],
    ['an IPv6 address', 'client 2001:db8:85a3::8a2e:370:7334 failed', 'IP_ADDRESS', '2001:db8:85a3::8a2e:370:7334'],
    ['a US SSN', 'my SSN is 123-45-6780', 'US_SSN', '123-45-6780'],
    ['a driver licence with context', "driver's license D1234567", 'US_DRIVER_LICENSE', 'D1234567'],
    ['an OpenAI key', 'key sk-proj-abcDEF1234567890ghijklmnop', 'SECRET', 'sk-proj-abcDEF1234567890ghijklmnop'],
    [
      'a GitHub token',
      'token ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'SECRET',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    ],
    ['a Slack token', 'use xoxb-1234567890-abcdefghij', 'SECRET', 'xoxb-1234567890-abcdefghij'],
    ['an AWS access key', 'AKIAIOSFODNN7EXAMPLE leaked', 'SECRET', 'AKIAIOSFODNN7EXAMPLE'],
    [
      'a JWT',
      'Authorization eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N',
      'SECRET',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N',
    ],
    ['a password assignment', 'password: hunter2hunter', 'SECRET', 'hunter2hunter'],
    [
      'a URL with user and password',
      'see https://admin:s3cret@db.example.com/x',
      'URL_CREDENTIALS',
      'https://admin:s3cret@db.example.com',
    ],
    [
      'a URL with a token parameter',
      'open https://x.io/reset?token=abcdef123456',
      'URL_CREDENTIALS',
      '?token=abcdef123456',
    ],
    ['an English street line', 'I live at 24 Clarke Avenue in town', 'STREET_ADDRESS', '24 Clarke Avenue'],
    ['a German street line', 'Adresse: Hauptstraße 5, Berlin', 'STREET_ADDRESS', 'Hauptstraße 5'],
    ['a French street line', 'au 12 rue de la Paix, Paris', 'STREET_ADDRESS', '12 rue de la Paix'],
    ['a unit line', 'Suite 464', 'STREET_ADDRESS', 'Suite 464'],
    [
      'a lowercase street after an address cue',
      'she lives at 255 hersnapvej 18, copenhagen',
      'STREET_ADDRESS',
      '255 hersnapvej 18',
    ],
    [
      'a country and postcode line in a quoted block',
      'Ship to:\n> Apt. 805\n> New Zealand 34694',
      'STREET_ADDRESS',
      '34694',
    ],
    ['a name line in a quoted block', 'From:\n> Ella H. Snider\n> 228 Ringvej 144', 'PERSON', 'Ella H. Snider'],
    ['a name after a greeting', 'Hi Maria, the export fails', 'PERSON', 'Maria'],
    ['a full name after a sign-off', 'It broke.\nBest regards,\nAnna Schmidt', 'PERSON', 'Anna Schmidt'],
    ['a German sign-off', 'Mit freundlichen Grüßen\nJürgen Weber', 'PERSON', 'Jürgen Weber'],
    ['a French greeting', 'Bonjour Camille, merci', 'PERSON', 'Camille'],
    ['a Vietnamese greeting', 'Xin chào Minh, tôi cần giúp', 'PERSON', 'Minh'],
    ['a Japanese honorific', '田中様、お世話になります', 'PERSON', '田中'],
    ['a name after a title', 'I spoke with Mr. Okafor yesterday', 'PERSON', 'Okafor'],
    [
      'a name with Latin Extended-A letters after a label',
      'Account holder name: Šárka Ottová',
      'PERSON',
      'Šárka Ottová',
    ],
  ])('finds %s', (_name, text, type, value) => {
    expect(found(text)).toContainEqual([type, value]);
  });
});

describe('recognizers drop look-alikes', () => {
  it.each([
    ['drops a 16-digit number that fails Luhn', 'card 4111 1111 1111 1112 expired', 'CREDIT_CARD'],
    ['drops a card number made of one repeated digit', 'ref 0000 0000 0000 0000', 'CREDIT_CARD'],
    ['drops an IBAN with a wrong check digit', 'IBAN DE88 3704 0044 0532 0130 00', 'IBAN_CODE'],
    ['drops an SSN with area 000', 'SSN 000-12-3456', 'US_SSN'],
    ['drops an SSN with area 666', 'SSN 666-12-3456', 'US_SSN'],
    ['drops an SSN with group 00', 'SSN 123-00-4567', 'US_SSN'],
    ['drops an IPv4 with an octet over 255', 'version 300.1.2.3', 'IP_ADDRESS'],
    ['drops a clock time as IPv6', 'at 12:30:45 today', 'IP_ADDRESS'],
    ['drops a date as a phone number', 'since 2024-01-15 10:00', 'PHONE_NUMBER'],
    ['drops a short order number as a phone number', 'order 123456 is late', 'PHONE_NUMBER'],
    ['drops a long lowercase word run as a secret', 'see abcdefghijklmnopqrstuvwxyzabcdefghij', 'SECRET'],
    ['drops a heading made of common words as a person', 'Billing Address\nCustomer Support', 'PERSON'],
    ['drops a number, words and a number without an address cue', 'I have 3 issues with order 12', 'STREET_ADDRESS'],
    ['drops a product name as a person', 'I added my card to Google Pay yesterday', 'PERSON'],
    ['drops a name-shaped pair holding a function word', 'Hello- It does not work', 'PERSON'],
    ['drops the e-mail address on the allow-list', 'write to support@acme.com', 'EMAIL_ADDRESS'],
  ])('%s', (_name, text, type) => {
    expect(found(text, { allowList: ['support@acme.com'] }).map(([foundType]) => foundType)).not.toContain(type);
  });

  it('finds known participant names and each part of them, in any case', () => {
    const text = 'Ask priya about it; PRIYA NAIR said Nair would call';
    const values = found(text, { knownNames: ['Priya Nair'] })
      .filter(([type]) => type === 'PERSON')
      .map(([, value]) => value);
    expect(values).toEqual(['priya', 'PRIYA NAIR', 'Nair']);
  });

  it('does not match a known name inside a longer word', () => {
    expect(found('the annual report', { knownNames: ['Ann'] })).toEqual([]);
  });

  it('raises a threshold to drop weaker findings', () => {
    const text = 'Hi Maria, mail maria@example.com';
    expect(found(text, { threshold: 0.95 }).map(([type]) => type)).toEqual(['EMAIL_ADDRESS']);
  });
});
