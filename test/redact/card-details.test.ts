import { describe, expect, it } from 'vitest';
import { analyze, redact } from '../../src/redact/index.ts';

const found = (text: string): Array<[string, string]> =>
  analyze(text).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);

describe('card verification codes', () => {
  it.each([
    ['en, CVV after the expiry', 'Card 4111 1111 1111 1111 exp 09/28, CVV 123, please refund', '123'],
    ['en, CVC with a colon', 'the CVC: 456 was rejected twice', '456'],
    ['en, security code sentence', 'I typed the security code is 789 and it failed', '789'],
    ['en, CVV2 with four digits', 'Amex ending 0005, CVV2 1234', '1234'],
    ['en, Amex CID near a card word', 'my Amex card CID 4321 keeps failing', '4321'],
    ['de', 'Die Kartenprüfnummer lautet 321, bitte prüfen.', '321'],
    ['fr', 'Le cryptogramme visuel : 654 ne passe pas.', '654'],
    ['es', 'El código de seguridad es 987 y no funciona.', '987'],
    ['ja', 'カードのセキュリティコードは135です。', '135'],
    ['vi', 'Mã bảo mật là 246, vui lòng kiểm tra.', '246'],
    ['vi, mã CVV', 'Thẻ của tôi, mã CVV 802 bị từ chối.', '802'],
  ])('redacts the code in a %s ticket', (_language, text, code) => {
    expect(found(text)).toContainEqual(['CARD_CVV', code]);
  });

  it.each([
    ['a bare three-digit number', 'I was charged 123 times for order 456'],
    ['a customer id without a card word', 'Caller CID 4321 rang the desk'],
    ['an amount after the code word', 'the security code cost me $50.25'],
    ['a longer number after the code word', 'CVV 12345 is not a code'],
    ['a German ticket without the code word', 'Ich habe 321 Euro bezahlt.'],
    ['a Japanese ticket without the code word', '注文は135個です。'],
  ])('finds no code in %s', (_name, text) => {
    expect(found(text).filter(([type]) => type === 'CARD_CVV')).toEqual([]);
  });
});

describe('card expiry dates', () => {
  it.each([
    ['en, exp', 'Card 4111 1111 1111 1111 exp 09/28, CVV 123', '09/28'],
    ['en, expiry date with a four-digit year', 'Expiry date: 09/2028', '09/2028'],
    ['en, valid thru', 'VALID THRU 11-27 on the front', '11-27'],
    ['en, expires next to a card word', 'my visa card expires 03/29 and was declined', '03/29'],
    ['de', 'Meine Karte ist gültig bis 09/28.', '09/28'],
    ['de, Ablaufdatum', 'Ablaufdatum: 12/2027', '12/2027'],
    ['fr', "Date d'expiration : 05/28, carte refusée.", '05/28'],
    ['fr, expire le next to carte', 'Ma carte expire le 04/27.', '04/27'],
    ['es', 'Fecha de caducidad 07/29 de mi tarjeta.', '07/29'],
    ['es, vence next to tarjeta', 'La tarjeta vence el 10/28.', '10/28'],
    ['ja', 'カードの有効期限は08/27です。', '08/27'],
    ['vi', 'Ngày hết hạn: 06/28, thẻ Visa.', '06/28'],
  ])('redacts the expiry in a %s ticket', (_language, text, expiry) => {
    expect(found(text)).toContainEqual(['CARD_EXPIRY', expiry]);
  });

  it.each([
    ['an English date', 'The meeting moved to 09/28, Room 123.'],
    ['a subscription that expires', 'My subscription expires 09/28, please renew it.'],
    ['a German date', 'Die Lieferung kam am 09/28 an.'],
    ['a French date', 'Livraison prévue le 09/28.'],
    ['a Spanish licence that vence', 'La licencia vence el 10/28.'],
    ['a Japanese date', '09/28に届きました。'],
    ['a Vietnamese date', 'Đơn hàng giao ngày 09/28.'],
    ['a full date after exp', 'exp 09/28/2026 on the invoice'],
  ])('keeps %s', (_name, text) => {
    expect(found(text).filter(([type]) => type === 'CARD_EXPIRY')).toEqual([]);
  });

  it('no longer takes the year of an expiry for a house number', () => {
    expect(redact('exp 09/28, CVV 123').redacted).toBe('exp <CARD_EXPIRY_1>, CVV <CVV_1>');
    expect(found('meeting 09/28, Room 123').filter(([type]) => type === 'STREET_ADDRESS')).toEqual([]);
  });
});
