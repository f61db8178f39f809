import { describe, expect, it } from 'vitest';
import { analyze, redact } from '../../src/redact/index.ts';

/** Types found in `text`, with the exact substring of the ORIGINAL text each covers. */
function found(text: string, options = {}): Array<[string, string]> {
  return analyze(text, options).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

/** Vietnamese in decomposed form: base letters plus combining marks, as some keyboards and mail clients send it. */
const decomposed = (text: string): string => text.normalize('NFD');

describe('PII glued to Japanese text (no spaces between words)', () => {
  it.each([
    ['a compact card number', 'カード番号4111111111111111です', 'CREDIT_CARD', '4111111111111111'],
    ['a compact IBAN', 'IBANはDE89370400440532013000です', 'IBAN_CODE', 'DE89370400440532013000'],
    ['an IPv4 address', 'IPアドレス192.168.10.24から', 'IP_ADDRESS', '192.168.10.24'],
    ['an e-mail address', 'メールはtaro@example.jpまで', 'EMAIL_ADDRESS', 'taro@example.jp'],
    ['a Tokyo number', '電話03-1234-5678に', 'PHONE_NUMBER', '03-1234-5678'],
    ['a mobile number', '携帯090-1234-5678まで', 'PHONE_NUMBER', '090-1234-5678'],
    ['a grouped card number', 'カード4111-1111-1111-1111で払いました', 'CREDIT_CARD', '4111-1111-1111-1111'],
    // full-width forms, as a Japanese IME types them
    [
      'a full-width card number',
      'カード番号４１１１１１１１１１１１１１１１です',
      'CREDIT_CARD',
      '４１１１１１１１１１１１１１１１',
    ],
    ['a full-width phone number', '電話０３－１２３４－５６７８に', 'PHONE_NUMBER', '０３－１２３４－５６７８'],
    [
      'a full-width e-mail address',
      'メールはｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐまで',
      'EMAIL_ADDRESS',
      'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ',
    ],
    ['a full-width IPv4 address', 'ＩＰは１９２．１６８．１０．２４です', 'IP_ADDRESS', '１９２．１６８．１０．２４'],
    ['a name before 様 with 々', '佐々木様、お世話になります', 'PERSON', '佐々木'],
    ['a name after a name label', 'お名前：山田太郎\n', 'PERSON', '山田太郎'],
  ])('finds %s', (_name, text, type, value) => {
    expect(found(text)).toContainEqual([type, value]);
  });

  it('redacts the whole value and keeps the Japanese around it', () => {
    expect(redact('カード番号４１１１１１１１１１１１１１１１です。電話03-1234-5678にお願いします').redacted).toBe(
      'カード番号<CARD_1>です。電話<PHONE_1>にお願いします',
    );
  });

  it('gives a full-width value and its ASCII form the same placeholder', () => {
    expect(redact('4111111111111111 と ４１１１１１１１１１１１１１１１').redacted).toBe('<CARD_1> と <CARD_1>');
  });

  it('does not take お客様 (customer) for a name', () => {
    expect(found('お客様のカードが届きません').filter(([type]) => type === 'PERSON')).toEqual([]);
  });
});

describe('Vietnamese names with diacritics', () => {
  it.each([
    ['a three-word name after Chào anh', 'Chào anh Nguyễn Văn An, em cần hỗ trợ', 'Nguyễn Văn An'],
    ['a name after Kính gửi', 'Kính gửi Nguyễn Văn An,', 'Nguyễn Văn An'],
    ['a name after Chào chị', 'Chào chị Trần Thị Bình, thẻ của tôi bị khóa', 'Trần Thị Bình'],
    ['a sign-off on the same line', 'Cảm ơn. Trân trọng, Trần Thị Bình', 'Trần Thị Bình'],
    ['a sign-off on its own line', 'Thẻ bị khóa.\nTrân trọng,\nPhạm Thị Hương', 'Phạm Thị Hương'],
    ['a one-word name with ỳ', 'Chào Huỳnh, cảm ơn', 'Huỳnh'],
    ['a name with ư and ơ', 'Xin chào Trương Thị Thơm', 'Trương Thị Thơm'],
    ['a name after a label', 'Họ tên: Lê Minh Tuấn\n', 'Lê Minh Tuấn'],
    ['a three-word self-introduction', 'Xin chào, tôi là Nguyễn Thị Mai. Thẻ bị khóa', 'Nguyễn Thị Mai'],
    ['a self-introduction with tôi tên là', 'tôi tên là Trần Văn Hùng, địa chỉ', 'Trần Văn Hùng'],
  ])('finds %s, precomposed', (_name, text, value) => {
    expect(found(text)).toContainEqual(['PERSON', value]);
  });

  it.each([
    ['Chào anh Nguyễn Văn An, em cần hỗ trợ', 'Nguyễn Văn An'],
    ['Trân trọng,\nTrần Thị Bình', 'Trần Thị Bình'],
  ])('finds the name in %j written with combining marks, with offsets into the original text', (text, value) => {
    const original = decomposed(text);
    expect(found(original)).toContainEqual(['PERSON', decomposed(value)]);
    const redacted = redact(original).redacted;
    // no piece of the name survives, in either form
    for (const part of value.split(' ')) {
      expect(redacted).not.toContain(decomposed(part));
      expect(redacted.normalize('NFC')).not.toContain(part);
    }
  });

  it('redacts a known participant written precomposed in a decomposed text, with one placeholder', () => {
    const text = decomposed('Nguyễn Văn An gọi lại. Anh Nguyễn nói thẻ bị khóa.');
    // the text around the placeholders stays as it came (decomposed); compare composed
    expect(redact(text, { knownNames: ['Nguyễn Văn An'] }).redacted.normalize('NFC')).toBe(
      '<PERSON_1> gọi lại. Anh <PERSON_1> nói thẻ bị khóa.',
    );
  });

  it('does not take Hồ Chí Minh City for a person', () => {
    expect(found('địa chỉ Quận 1, TP. Hồ Chí Minh.').filter(([type]) => type === 'PERSON')).toEqual([]);
  });

  it('never leaves part of a Vietnamese surname behind', () => {
    for (const text of ['Chào Nguyễn', 'Kính gửi Nguyễn Văn An', 'Chào anh Nguyễn Văn An']) {
      expect(redact(text).redacted).not.toMatch(/ễn|Nguy|Văn|An$/);
    }
  });
});

describe('e-mail addresses with accented letters', () => {
  it.each([
    ['a German address', 'Mail an jürgen.müller@beispiel.de bitte', 'jürgen.müller@beispiel.de'],
    ['a French address starting with é', 'écrire à élodie@exemple.fr', 'élodie@exemple.fr'],
    ['a Spanish address', 'correo: josé.garcía@empresa.es', 'josé.garcía@empresa.es'],
    ['a Vietnamese address with an accented domain', 'mail nguyễn.an@công-ty.vn nhé', 'nguyễn.an@công-ty.vn'],
    ['an address glued to Japanese', '連絡はtanaka.ichirō@example.jpへ', 'tanaka.ichirō@example.jp'],
  ])('finds %s whole', (_name, text, value) => {
    expect(found(text)).toContainEqual(['EMAIL_ADDRESS', value]);
  });
});

describe('greetings and sign-offs in German, French and Spanish', () => {
  it.each([
    ['a German abbreviated title', 'Hr. Müller hat angerufen', 'Müller'],
    ['a French abbreviated title', 'M. Dupont a appelé hier', 'Dupont'],
    ['a German greeting with a title', 'Guten Tag Herr Schmidt,', 'Schmidt'],
    ['a German sign-off', 'Danke.\nLiebe Grüße\nAnna Becker', 'Anna Becker'],
    ['a German sign-off with a title', 'Mit freundlichen Grüßen,\nDr. Katrin Vogel', 'Katrin Vogel'],
    ['a French greeting', 'Chère Élodie,\nmerci', 'Élodie'],
    ['a French hyphenated first name', 'Bonsoir Jean-Pierre, merci', 'Jean-Pierre'],
    ['a French sign-off with a hyphenated name', 'Merci.\nCordialement,\nMarie-Claire Dubois', 'Marie-Claire Dubois'],
    ['a Spanish greeting', 'Buenos días María, no puedo pagar', 'María'],
    ['a Spanish sign-off', 'Gracias.\nUn cordial saludo,\nJavier Gómez', 'Javier Gómez'],
    ['a Spanish sign-off with a three-word name', 'Gracias.\nSaludos,\nMaría José García', 'María José García'],
    [
      'a Spanish three-word self-introduction',
      'Estimado equipo: me llamo José María Ruiz, vivo en Madrid',
      'José María Ruiz',
    ],
  ])('finds %s', (_name, text, value) => {
    expect(found(text)).toContainEqual(['PERSON', value]);
  });
});

describe('national phone numbers without a cue word', () => {
  it.each([
    ['a London number', 'The branch is 020 7946 0321 I think', '020 7946 0321'],
    ['a UK mobile', 'It is 07700 900123 if that helps', '07700 900123'],
    ['a Berlin number', 'Bitte unter 030 12345678 zurückrufen', '030 12345678'],
    ['a German mobile with a slash', 'erreichbar 0171/1234567 ab 9 Uhr', '0171/1234567'],
    ['a Vietnamese mobile', 'Gọi em 0912 345 678 nhé', '0912 345 678'],
    ['a Vietnamese mobile with dots', 'gọi 0912.345.678', '0912.345.678'],
    ['a Hanoi landline', 'số 024 3826 4567', '024 3826 4567'],
    ['a French number', 'Rappelez-moi au 01 23 45 67 89 svp', '01 23 45 67 89'],
    ['a French mobile with dots', 'joignable au 06.12.34.56.78', '06.12.34.56.78'],
    ['a Japanese mobile', 'こちら090-1234-5678です', '090-1234-5678'],
    ['a Japanese mobile in English text', 'try 090-1234-5678 later', '090-1234-5678'],
    ['a US number in brackets', 'Try (415) 555-0132 after 5', '(415) 555-0132'],
    ['a Spanish mobile', 'Llámame al 612 34 56 78 por favor', '612 34 56 78'],
    ['a German number with (0)', 'Fon +49 (0)30 1234567', '+49 (0)30 1234567'],
    [
      'a number after an order word when a phone word is nearer',
      'about my order, call me on 020 7946 0321',
      '020 7946 0321',
    ],
    ['a number after "phone no."', 'Phone no. 020 7946 0321', '020 7946 0321'],
    ['a number after "Tel. Nr."', 'Tel. Nr. 030 1234567', '030 1234567'],
    ['a number glued to "Tel."', 'Tel.030 12345678', '030 12345678'],
    [
      'a French number with narrow no-break spaces',
      'au 01\u202f23\u202f45\u202f67\u202f89',
      '01\u202f23\u202f45\u202f67\u202f89',
    ],
  ])('finds %s', (_name, text, value) => {
    expect(found(text)).toContainEqual(['PHONE_NUMBER', value]);
  });

  it.each([
    ['an order number', 'My order 0301234567 has not arrived'],
    ['an order number with a hash', 'Order #030 12345678 is late'],
    ['an invoice reference', 'Invoice no. 020 7946 0321 attached'],
    ['an ISO date', 'charged on 2024-01-15 and again'],
    ['a German date', 'am 01.02.2024 abgebucht'],
    ['a US date with dashes', 'paid 01-15-2024 by card'],
    ['a time range', 'open 09:00-17:30 every day'],
    ['an amount with spaces as thousands separators', 'un virement de 1 234 567,89 € hier'],
    ['an amount in euros', 'I was charged 012 345 678 EUR'],
    ['a decimal amount', 'the fee was 0.912 345 of a coin'],
    ['a version number', 'app version 10.2.3 crashes'],
    ['a dotted version', 'after update 0.912.345.678.9 it fails'],
    ['a percentage', 'rate went up 0 12 34 56 %'],
    ['a card top-up amount', 'I topped up £100 but only 20 arrived'],
    ['a tracking range', 'tracking 12-345-6789-01'],
    ['a Spanish-looking number that is an amount', 'pagué 612 345 678 € ayer'],
    ['a German order number', 'Bestellnummer 030 12345678 fehlt'],
    ['a French order number', 'commande 01 23 45 67 89 annulée'],
    ['a Spanish order number', 'el pedido 612 34 56 78 no llegó'],
    ['a Vietnamese order number', 'đơn hàng 0912 345 678 chưa tới'],
    ['a Japanese order number', '注文番号090-1234-5678の件'],
    ['a reference', 'ref 020 7946 0321'],
    ['an amount in pounds', 'paid £020 7946 0321 by mistake'],
    ['a piece of a longer id', 'id ABC-0912 345 678'],
  ])('does not flag %s as a phone number', (_name, text) => {
    expect(found(text).map(([type]) => type)).not.toContain('PHONE_NUMBER');
  });
});

describe('street addresses in Japanese and Vietnamese', () => {
  it.each([
    ['a Japanese postcode', '住所は〒100-0005です', '〒100-0005'],
    ['a Japanese street address', '住所：東京都千代田区丸の内1-2-3です', '東京都千代田区丸の内1-2-3'],
    [
      'a Japanese address with 丁目 and full-width digits',
      '大阪府大阪市北区梅田１丁目２番３号に送って',
      '大阪府大阪市北区梅田１丁目２番３号',
    ],
    ['a Vietnamese street address', 'Giao tới số 12 đường Lê Lợi, Quận 1', 'số 12 đường Lê Lợi'],
    ['a Vietnamese alley address', 'nhà 45/3 ngõ Văn Chương', '45/3 ngõ Văn Chương'],
    [
      'a romanised Japanese block before the town',
      'My address is 1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002',
      '1-2-3 Shibuya, Shibuya-ku',
    ],
    [
      'the postcode after a romanised ward and prefecture',
      'My address is 1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002',
      '150-0002',
    ],
    [
      'a romanised Japanese block after the town',
      'Please send it to Umeda 1-2-3, Kita-ku, Osaka',
      'Umeda 1-2-3, Kita-ku',
    ],
    [
      'a romanised Japanese address in Japanese order',
      '〒150-0002 Tokyo-to Shibuya-ku Shibuya 1-2-3',
      'Shibuya-ku Shibuya 1-2-3',
    ],
    ['a Japanese postcode after its word', 'Postal code: 530-0001, Osaka', '530-0001'],
    ['a Japanese postcode after 郵便番号', '郵便番号：150-0002です', '150-0002'],
  ])('finds %s', (_name, text, value) => {
    expect(found(text)).toContainEqual(['STREET_ADDRESS', value]);
  });

  it.each([
    ['a ward without a block number', 'Our office in Minato-ku had 2-3 outages this week'],
    ['a score and a ward', 'Kawasaki won 2-1 at home, Nakahara-ku was loud'],
    ['a phone number after a city', 'Call Osaka 555-1234 for the branch'],
  ])('keeps %s', (_name, text) => {
    expect(found(text).map(([type]) => type)).not.toContain('STREET_ADDRESS');
  });
});

describe('PII-free support messages in the six demo languages', () => {
  it.each([
    'My card payment of £45.99 on 12/03/2024 was declined twice, order 10234567.',
    'The app version 10.2.3 crashes when I open Google Pay on my iPhone 15.',
    'Meine Bestellung 4711-0815 vom 01.02.2024 über 1.234,56 € ist nicht angekommen.',
    'Ich habe am Montag 030 Euro überwiesen, Rechnung 2024/0457.',
    'Ma commande n° 0123456789 du 15/01/2024 (129,90 €) est bloquée depuis lundi.',
    'Le virement de 1 234 567,89 € est parti hier à 10 h 30.',
    'Mi pedido 612345678 no ha llegado y pagué 45,00 € el 3 de marzo.',
    'La aplicación se cierra en Android 14 desde la actualización 5.2.1.',
    'Tôi đã chuyển 1.500.000 đ vào ngày 15/01/2024 nhưng chưa nhận được.',
    'Đơn hàng số 0912345678 của tôi bị hủy lúc 10:30 sáng nay.',
    'お客様のカードは2024年3月15日に発送されました。注文番号は12345678です。',
    'アプリのバージョン3.2.1で、残高が1,234円と表示されます。',
  ])('leaves %j unchanged', (text) => {
    expect(redact(text).findings.map((finding) => `${finding.type} ${text.slice(finding.start, finding.end)}`)).toEqual(
      [],
    );
  });
});
