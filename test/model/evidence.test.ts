import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { createLocalClassifier, predict, trainModel, type TrainingRow } from '../../src/model/index.ts';
import { readableFeature, taxonomyTerms, ticketWords } from '../../src/model/evidence.ts';
import { isStopWord } from '../../src/model/stop-words.ts';

const now = new Date('2026-11-23T10:00:00Z');

/** Each ticket wrapped in its language's courtesies, the same for every label: they tell no label apart. */
const GREETING = 'お世話になっております。';
const CLOSING = '宜しくお願いします。';

const TOPICS: Record<string, Record<'en' | 'de' | 'es' | 'ja' | 'zh', string[]>> = {
  outage: {
    en: ['the site is down again', 'everything is down for all of us', 'the dashboard went down this morning'],
    de: [
      'die seite ist seit heute morgen nicht erreichbar',
      'alles ist ausgefallen für uns',
      'der server ist ausgefallen',
    ],
    es: ['el servicio está caído otra vez', 'todo está caído para nosotros', 'el panel está caído desde la mañana'],
    ja: ['サービスが停止しています', 'すべての画面で障害が出ています', '今朝から障害でつながりません'],
    zh: ['我们的服务器宕机了', '网站宕机了很久', '系统宕机了我们无法工作'],
  },
  billing: {
    en: [
      'please refund the invoice for my order',
      'the invoice for my order is wrong',
      'refund the charge on my order',
    ],
    de: [
      'ich möchte eine rückerstattung für meine rechnung',
      'meine rechnung ist falsch',
      'bitte rückerstattung über die rechnung',
    ],
    es: [
      'quiero un reembolso de mi factura',
      'la factura de mi pedido está mal',
      'el reembolso de la factura no llegó',
    ],
    ja: ['請求書の金額が違います', '二重に請求されたので返金してください', '請求書を再発行してください'],
    zh: ['我们的发票有问题', '请给我退款发票', '发票金额不对我们要退款'],
  },
  account_access: {
    en: ['i cannot log in with my password', 'the password reset mail never comes', 'my login is locked'],
    de: [
      'ich kann mich nicht anmelden mit meinem passwort',
      'das passwort wird nicht akzeptiert',
      'mein login ist gesperrt',
    ],
    es: ['no puedo entrar en mi cuenta', 'mi cuenta está bloqueada', 'la cuenta no acepta mi contraseña'],
    ja: ['パスワードを忘れてログインできません', 'ログインできません', 'パスワード再設定のメールが届きません'],
    zh: ['我无法登录账号', '密码错误无法登录', '我们的账号被锁了'],
  },
};

const rows: TrainingRow[] = [];
for (let copy = 0; copy < 4; copy++) {
  for (const [label, languages] of Object.entries(TOPICS)) {
    for (const [language, texts] of Object.entries(languages)) {
      for (const text of texts) rows.push({ text: language === 'ja' ? `${GREETING}${text}。${CLOSING}` : text, label });
    }
  }
}
const model = trainModel(rows, { seed: 7, now, version: 'evidence-1' });

/** As the taxonomy would name them: a tag keyword each, and a rule's phrase. */
const KEYWORDS = Object.freeze(['down', 'order', 'cuenta', 'is down', '障害', '宕机']);

describe('evidence from a multilingual stop-word list', () => {
  it.each([
    ['en', 'the dashboard is down for all of us again', ['the', 'is', 'for', 'all', 'of', 'us', 'again']],
    ['de', 'ich möchte eine rückerstattung für meine rechnung', ['ich', 'möchte', 'eine', 'für', 'meine']],
    ['es', 'no puedo entrar en mi cuenta desde ayer', ['no', 'puedo', 'en', 'mi', 'desde']],
    ['ja', `${GREETING}私のパスワードを忘れてログインできません。${CLOSING}`, ['私', 'の', 'を', 'ので']],
    ['zh', '我们的服务器宕机了', ['我们', '的', '了', '我们的']],
  ])('never shows a %s filler word as the reason', (_language, text, fillers) => {
    for (const keywords of [[], KEYWORDS]) {
      const { evidence } = predict(model, text, { keywords });
      expect(evidence.length, text).toBeGreaterThan(0);
      for (const filler of fillers) expect(evidence, text).not.toContain(filler);
      // Nor a pair of them ("for all", "of us"); a word the taxonomy names is no filler ("down for" is shown).
      const filler = (word: string): boolean => isStopWord(word) && !keywords.includes(word);
      for (const item of evidence) expect(item.split(' ').every(filler), item).toBe(false);
    }
  });

  it.each([
    ['en', 'the site is down again', 'down', 'outage'],
    ['en', 'the invoice for my order', 'order', 'billing'],
    ['es', 'mi cuenta está bloqueada', 'cuenta', 'account_access'],
  ])(
    'shows a %s stop-list word the taxonomy names when it carries the decision (%s)',
    (_language, text, word, label) => {
      // stopwords-iso lists "down", "order", "cuenta": prose filler, support tickets' meaning.
      expect(isStopWord(word)).toBe(true);
      const prediction = predict(model, text, { keywords: KEYWORDS });
      expect(prediction.label).toBe(label);
      expect(prediction.evidence).toContain(word);
      expect(predict(model, text).evidence).not.toContain(word);
    },
  );

  it('keeps a keyword phrase as the pair, not its filler word alone', () => {
    const words = ticketWords('the site is down');
    const terms = taxonomyTerms(KEYWORDS);
    expect(readableFeature(words, 'b is down', terms)).toBe('is down');
    expect(readableFeature(words, 'b is down')).toBeNull();
    expect(readableFeature(words, 'w is', terms)).toBeNull();
    expect(readableFeature(words, 'w down', terms)).toBe('down');
  });

  it('keeps an unspaced keyword and the pieces of it (ja, zh)', () => {
    const terms = taxonomyTerms(Object.freeze(['宕机了', '障害']));
    // 了 is a listed one-character word; the keyword 宕机了 holds it.
    expect(isStopWord('了')).toBe(true);
    expect(readableFeature(ticketWords('了'), 'w 了', terms)).toBe('了');
    expect(readableFeature(ticketWords('了'), 'w 了')).toBeNull();
  });

  it('drops an unspaced piece made only of listed characters, keeps one with a content character (zh)', () => {
    expect(isStopWord('的了')).toBe(true);
    expect(isStopWord('我们')).toBe(true);
    expect(isStopWord('宕机')).toBe(false);
    expect(isStopWord('发票')).toBe(false);
  });

  it('shows no piece of a Japanese greeting or closing every label has, and still the words that tell', () => {
    for (const [text, telling] of [
      [`${GREETING}請求書の金額が違います。${CLOSING}`, '請求書'],
      [`${GREETING}ログインできません。${CLOSING}`, 'ログイン'],
      [`${GREETING}障害が出ています。${CLOSING}`, '障害'],
    ] as const) {
      const { evidence } = predict(model, text, { keywords: KEYWORDS });
      expect(evidence, text).toContain(telling);
      for (const item of evidence) {
        expect(GREETING.includes(item) || CLOSING.includes(item), `${item} in ${evidence.join(', ')}`).toBe(false);
      }
    }
  });

  it('passes the taxonomy keywords from the classifier input to the evidence', async () => {
    const classifier = createLocalClassifier(model);
    const text = 'the site is down again';
    const ticket = Ticket.parse({ id: 't1', description: text });
    const withKeywords = await classifier.classify({ ticket, text, examples: [], keywords: KEYWORDS });
    const without = await classifier.classify({ ticket, text, examples: [] });
    expect(withKeywords.reason).toContain('"down"');
    expect(without.reason).not.toContain('"down"');
  });
});
