import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sampling/index.ts';
import {
  createLocalClassifier,
  ModelFormatError,
  ModelTrainingError,
  parseModel,
  predict,
  serializeModel,
  trainModel,
  type TrainingRow,
} from '../../src/model/index.ts';
import { Ticket } from '../../src/contract/index.ts';
import {
  buildVectorizer,
  featureStrings,
  vectorize,
  vectorizeText,
  WORD_GRAMS_LIMIT,
  WORD_WEIGHT,
} from '../../src/model/features.ts';
import { MULTILINGUAL_CHECKS, MULTILINGUAL_ROWS } from './multilingual-rows.ts';
import { readableFeature, ticketWords } from '../../src/model/evidence.ts';
import { defaultRecognizers, PlaceholderBook } from '../../src/redact/index.ts';

const now = new Date('2026-11-23T10:00:00Z');
const model = trainModel(MULTILINGUAL_ROWS, { seed: 5, now, version: 'test-1' });

/** Noisy synthetic topics: each text draws most topic words from its label and some from another, so the model is sometimes wrong. */
function noisyRows(count: number, seed: number): TrainingRow[] {
  const random = seededRandom(seed);
  const labels = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
  const topic = (label: string) => Array.from({ length: 8 }, (_, i) => `${label}word${i}`);
  const noise = Array.from({ length: 60 }, (_, i) => `common${i}`);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    const label = pick(labels);
    const words: string[] = [];
    for (let i = 0; i < 3; i++) words.push(pick(topic(random() < 0.6 ? label : pick(labels))));
    for (let i = 0; i < 6; i++) words.push(pick(noise));
    return { text: words.join(' '), label };
  });
}

describe('trainModel and predict', () => {
  it('records version, training date, labels and held-out metrics', () => {
    expect(model.version).toBe('test-1');
    expect(model.trainedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(model.labels).toEqual(['account_access', 'billing', 'bug']);
    expect(model.urgencyLevels).toEqual([]);
    expect(model.metrics.trainingRows).toBe(MULTILINGUAL_ROWS.length);
    expect(model.metrics.heldOutAccuracy).toBeGreaterThan(0.5);
  });

  it.each(MULTILINGUAL_CHECKS)('labels "%s" as %s', (text, label) => {
    expect(predict(model, text).label).toBe(label);
  });

  it('returns every label once, most likely first, with probabilities summing to 1', () => {
    const prediction = predict(model, 'refund my invoice');
    expect(prediction.scores.map((score) => score.label).sort()).toEqual([...model.labels]);
    expect(prediction.scores[0]).toEqual({ label: prediction.label, confidence: prediction.confidence });
    for (let i = 1; i < prediction.scores.length; i++)
      expect(prediction.scores[i - 1]!.confidence).toBeGreaterThanOrEqual(prediction.scores[i]!.confidence);
    expect(prediction.scores.reduce((sum, score) => sum + score.confidence, 0)).toBeCloseTo(1, 10);
  });

  it('names words from the text as evidence', () => {
    const { evidence } = predict(model, 'please refund my invoice');
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.some((item) => item.includes('refund') || item.includes('invoice'))).toBe(true);
  });

  it('explains with telling words, not with function words or words every ticket has', () => {
    // "the", "for", "my", "please" come with every label: they are never offered as the reason.
    const rows: TrainingRow[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({ text: `the refund for my invoice common${i % 3} please`, label: 'billing' });
      rows.push({ text: `the login for my account common${i % 3} please`, label: 'account_access' });
      rows.push({ text: `the crash for my report common${i % 3} please`, label: 'bug' });
      rows.push({ text: `for the team please and my common${i % 3}`, label: i % 2 ? 'billing' : 'bug' });
    }
    const small = trainModel(rows, { seed: 3, now, version: 'evidence-1' });
    for (const text of ['refund please for my common1 the', 'the invoice please']) {
      const { label, evidence } = predict(small, text);
      expect(label).toBe('billing');
      expect(
        evidence.some((item) => item.includes('refund') || item.includes('invoice')),
        text,
      ).toBe(true);
      for (const item of evidence) expect(['the', 'for', 'my', 'please', 'and'], text).not.toContain(item);
    }
  });

  it('falls back to the words that hold telling character n-grams when no whole word tells the labels apart', () => {
    // Neither word was seen in training; their character n-grams were. "…ref…" means nothing to a reviewer.
    expect(predict(model, 'refundings invoicers').evidence).toEqual(expect.arrayContaining(['refundings']));
    expect(predict(model, 'Accessing my acount').evidence).toEqual(expect.arrayContaining(['accessing']));
    // Function words stay out, even when nothing else is left ("following" and "up" are in stopwords-iso's en list).
    expect(predict(model, 'on it').evidence).toEqual([]);
    expect(predict(model, 'Following up').evidence).toEqual([]);
    for (const text of ['refundings invoicers', 'Following up', 'any news on this', 'Accessing my acount']) {
      const words = text.toLowerCase().split(' ');
      for (const item of predict(model, text).evidence) expect(words, text).toContain(item);
    }
  });

  describe('with redaction placeholders in the text', () => {
    // The placeholder tells the labels apart in training (every account ticket names a person), so the model leans on
    // its pieces ("person", "1", "arrives person"); they must never be offered as the reason.
    const rows: TrainingRow[] = [];
    for (let i = 0; i < 30; i++) {
      rows.push({
        text: `the reset mail never arrives <PERSON_1> <EMAIL_${1 + (i % 2)}> login ${i % 3}`,
        label: 'account_access',
      });
      rows.push({ text: `the invoice shows a double charge <CARD_1> refund ${i % 3}`, label: 'billing' });
      rows.push({ text: `the report page crashes on save error ${i % 3}`, label: 'bug' });
    }
    const redacted = trainModel(rows, { seed: 2, now, version: 'placeholders-1' });
    const placeholderWords = [
      'person',
      'email',
      'card',
      '1',
      '2',
      'person 1',
      'arrives person',
      '1 email',
      'email 1',
      '1 refund',
      'charge card',
    ];

    it.each([
      ['a person and an email', 'it never arrives <PERSON_1> <EMAIL_1>'],
      ['placeholders only', '<PERSON_1> <EMAIL_2>'],
      ['a card', 'double charge <CARD_1> refund'],
    ])('names no piece of a placeholder (%s)', (_name, text) => {
      const { evidence } = predict(redacted, text);
      for (const item of evidence) expect(placeholderWords, `${text}: ${evidence.join(', ')}`).not.toContain(item);
      expect(evidence.join(' ')).not.toMatch(/person|email|card|_\d/);
    });

    it('names the same word when the ticket itself writes it', () => {
      expect(predict(redacted, 'a person says the mail never arrives <PERSON_1>').evidence).toContain('person');
    });

    it.each(defaultRecognizers.map((recognizer) => recognizer.type))(
      'never shows a piece of a %s placeholder as the anonymizer writes it',
      (type) => {
        const book = new PlaceholderBook();
        const text = `${book.placeholderFor(type, 'x')} ${book.placeholderFor(type, 'y')}`;
        const words = ticketWords(text);
        expect(words.words).toEqual([]);
        for (const feature of featureStrings(text)) expect(readableFeature(words, feature), feature).toBeNull();
      },
    );
  });

  it.each([
    ['en', 'question about my invoice', 'b about my', 'b my invoice', 'my invoice'],
    ['de', 'frage für meine rechnung', 'b fur meine', 'b meine rechnung', 'meine rechnung'],
    ['es', 'pregunta para mi factura', 'b para mi', 'b mi factura', 'mi factura'],
  ])(
    'never offers a %s pair of filler words as a reason, and keeps a pair with a word that tells',
    (_l, text, filler, telling, shown) => {
      const words = ticketWords(text);
      expect(readableFeature(words, filler)).toBeNull();
      expect(readableFeature(words, telling)).toBe(shown);
    },
  );

  it('explains a Japanese ticket with whole kanji and katakana words, not bigrams or grammar', () => {
    for (const text of [
      'パスワード再設定のメールが届きません',
      '重複した請求を返金してください',
      'アプリがクラッシュします',
      '請求書の金額がプランより高いです',
    ]) {
      const { evidence } = predict(model, text);
      expect(evidence.length, text).toBeGreaterThan(0);
      for (const item of evidence) {
        expect(text, item).toContain(item);
        expect(item, text).not.toMatch(/^\p{Script=Hiragana}+$/u);
      }
    }
    expect(predict(model, 'パスワード再設定のメールが届きません').evidence).toEqual(
      expect.arrayContaining(['パスワード']),
    );
    expect(predict(model, 'アプリがクラッシュします').evidence).toEqual(expect.arrayContaining(['クラッシュ']));
  });

  it('explains a Vietnamese ticket with its words as written, accents kept', () => {
    const text = 'Vui lòng hoàn tiền khoản phí bị trùng';
    const { evidence } = predict(model, text);
    expect(evidence.length).toBeGreaterThan(0);
    for (const item of evidence) expect(text.toLowerCase()).toContain(item);
  });

  it('is unsure about text it has no features for', () => {
    const prediction = predict(model, 'zzzz qqqq');
    expect(prediction.confidence).toBeLessThan(0.6);
    expect(prediction.evidence).toEqual([]);
  });

  it('scores text unlike the training data lower in scope than text like it', () => {
    const inScope = predict(model, 'Please refund the duplicate charge on my invoice');
    const unknown = predict(model, 'zzzz qqqq');
    const offTopic = predict(model, 'what is the weather on mars tomorrow');
    expect(inScope.inScopeScore).toBeGreaterThan(offTopic.inScopeScore);
    expect(offTopic.inScopeScore).toBeGreaterThanOrEqual(unknown.inScopeScore);
    // No known feature: the logits are the biases alone.
    expect(unknown.inScopeScore).toBeCloseTo(Math.max(...model.internals.label.bias), 5);
  });

  it('gives the same model for the same rows and seed', () => {
    expect(serializeModel(trainModel(MULTILINGUAL_ROWS, { seed: 5, now, version: 'test-1' }))).toBe(
      serializeModel(model),
    );
  });

  it('trains an urgency head when rows carry urgency, and none otherwise', () => {
    const rows = MULTILINGUAL_ROWS.map((row) => ({ ...row, urgency: row.label === 'bug' ? 'high' : 'normal' }));
    const withUrgency = trainModel(rows, { seed: 1, now });
    expect(withUrgency.urgencyLevels).toEqual(['high', 'normal']);
    expect(predict(withUrgency, 'the app crashes with an error')).toMatchObject({ urgency: 'high' });
    expect(predict(model, 'the app crashes').urgency).toBeNull();
  });

  it.each([
    ['no rows', [], /no training rows/],
    [
      'one label',
      [
        { text: 'a', label: 'x' },
        { text: 'b', label: 'x' },
      ],
      /at least two labels/,
    ],
    [
      'an empty text',
      [
        { text: ' ', label: 'x' },
        { text: 'b', label: 'y' },
      ],
      /row 1 has an empty text/,
    ],
  ])('refuses to train on %s with a typed error', (_name, rows, message) => {
    let caught: unknown;
    try {
      trainModel(rows);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelTrainingError);
    expect((caught as ModelTrainingError).code).toBe('MODEL_TRAINING');
    expect((caught as Error).message).toMatch(message);
  });
});

describe("predict restricted to the taxonomy's labels", () => {
  const text = 'Please refund the duplicate charge on my card';

  it('gives the best allowed label with the probability the model gave it, not renormalised', () => {
    const full = predict(model, text);
    expect(full).toMatchObject({ label: 'billing', droppedTop: null });
    const restricted = predict(model, text, { labels: new Set(['account_access', 'bug']) });
    expect(restricted.droppedTop).toEqual({ label: 'billing', confidence: full.confidence });
    expect(restricted.scores).toEqual(full.scores.filter((score) => score.label !== 'billing'));
    expect(restricted.label).toBe(full.scores[1]!.label);
    expect(restricted.confidence).toBe(full.scores[1]!.confidence);
    // The model was sure of the removed label: what is left is not worth much, and says so.
    expect(restricted.confidence).toBeLessThan(1 - full.confidence + 1e-12);
  });

  it('is the unrestricted prediction, to the bit, when the taxonomy has every label the model knows', () => {
    for (const [check] of MULTILINGUAL_CHECKS)
      expect(predict(model, check, { labels: new Set([...model.labels, 'how_to']) })).toEqual(predict(model, check));
  });

  it("answers out of scope with the model's own label when the taxonomy has none of its labels", () => {
    const restricted = predict(model, text, { labels: new Set(['how_to']) });
    expect(restricted).toMatchObject({ label: 'billing', droppedTop: null });
  });
});

describe('calibration', () => {
  it('gives held-out confidence close to held-out accuracy', () => {
    const rows = noisyRows(1_600, 11);
    const trained = trainModel(rows.slice(0, 1_000), { seed: 3 });
    const predictions = rows.slice(1_000).map((row) => ({ row, prediction: predict(trained, row.text) }));
    const accuracy =
      predictions.filter(({ row, prediction }) => prediction.label === row.label).length / predictions.length;
    const meanConfidence =
      predictions.reduce((sum, { prediction }) => sum + prediction.confidence, 0) / predictions.length;
    expect(accuracy).toBeGreaterThan(0.4);
    expect(accuracy).toBeLessThan(0.95);
    expect(Math.abs(meanConfidence - accuracy)).toBeLessThan(0.07);
  });
});

describe('buildVectorizer', () => {
  it('weighs words and word pairs WORD_WEIGHT times a character n-gram of the same document frequency', () => {
    const vectorizer = buildVectorizer([featureStrings('refund now'), featureStrings('refund later')], {
      minDocumentFrequency: 1,
      maxFeatures: 1000,
    });
    const idf = (feature: string) => vectorizer.idf[vectorizer.vocabulary.get(feature)!]!;
    expect(WORD_WEIGHT).toBeGreaterThan(1);
    // "refund" and its n-gram "ref" are in both documents; "now" and "<no" in one.
    expect(idf('w refund')).toBeCloseTo(WORD_WEIGHT * idf('c ref'), 5);
    expect(idf('b refund now')).toBeCloseTo(WORD_WEIGHT * idf('c <no'), 5);
    expect(idf('c <no')).toBeGreaterThan(idf('c ref'));
  });
});

describe('serializeModel and parseModel', () => {
  it('round-trips to a model that predicts exactly alike', () => {
    const parsed = parseModel(serializeModel(model));
    expect(parsed.labels).toEqual(model.labels);
    expect(parsed.metrics).toEqual(model.metrics);
    for (const [text] of MULTILINGUAL_CHECKS) expect(predict(parsed, text)).toEqual(predict(model, text));
  });

  const good = JSON.parse(serializeModel(model)) as Record<string, unknown>;
  it.each([
    ['text that is not JSON', '{nope', /not valid JSON/],
    ['another format', JSON.stringify({ ...good, format: 'other' }), /format/],
    ['a newer format version', JSON.stringify({ ...good, formatVersion: 99 }), /formatVersion/],
    [
      'weights of the wrong length',
      JSON.stringify({ ...good, label: { ...(good.label as object), weights: 'AAAA' } }),
      /label\.weights/,
    ],
    ['head classes that differ from the labels', JSON.stringify({ ...good, labels: ['a', 'b', 'c'] }), /differ/],
  ])('rejects %s with ModelFormatError', (_name, text, message) => {
    let caught: unknown;
    try {
      parseModel(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelFormatError);
    expect((caught as ModelFormatError).code).toBe('MODEL_FORMAT');
    expect((caught as Error).message).toMatch(message);
  });
});

describe('createLocalClassifier', () => {
  it('classifies as source model with the model version and a reason naming the evidence', async () => {
    const classifier = createLocalClassifier(model);
    const ticket = Ticket.parse({ id: 't1', description: 'please refund my invoice' });
    const result = await classifier.classify({ ticket, text: 'please refund my invoice', examples: [] });
    expect(result).toMatchObject({ source: 'model', label: 'billing', version: 'test-1', tags: null, cost: null });
    expect(result.alternatives.map((alternative) => alternative.label)).not.toContain('billing');
    expect(result.reason).toMatch(/refund|invoice/);
  });
});

describe("createLocalClassifier with the taxonomy's labels", () => {
  const classifier = createLocalClassifier(model);
  const text = 'please refund my invoice';
  const input = (labels?: readonly string[]) => ({
    ticket: Ticket.parse({ id: 't1', description: text }),
    text,
    examples: [],
    ...(labels ? { labels } : {}),
  });

  it('never answers a label the taxonomy no longer has, and says its first choice is gone', async () => {
    const result = await classifier.classify(input(['account_access', 'bug', 'how_to']));
    expect(['account_access', 'bug']).toContain(result.label);
    expect(result.alternatives.map((alternative) => alternative.label)).not.toContain('billing');
    expect(result.droppedTop?.label).toBe('billing');
    expect(result.reason).toContain('first choice "billing" is no longer in the taxonomy');
  });

  it('answers as without labels when the taxonomy has them all', async () => {
    const all = await classifier.classify(input(['account_access', 'billing', 'bug', 'how_to']));
    expect(all).toEqual(await classifier.classify(input()));
    expect(all).toMatchObject({ label: 'billing', droppedTop: null });
  });
});

describe('vectorize', () => {
  /** The plain definition: a count per known feature, (1 + ln tf) · idf, L2-normalised, ascending columns. */
  function reference(vectorizer: ReturnType<typeof buildVectorizer>, document: readonly string[]) {
    const counts = new Map<number, number>();
    for (const feature of document) {
      const index = vectorizer.vocabulary.get(feature);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = Float64Array.from(indices, (index) => (1 + Math.log(counts.get(index)!)) * vectorizer.idf[index]!);
    const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
    return { indices, values: norm > 0 ? values.map((value) => value * (1 / norm)) : values };
  }

  it.each([
    ['repeated words', 'refund refund refund the invoice invoice'],
    ['unknown words only', 'zzzz qqqq'],
    ['empty text', ''],
    ['mixed scripts', 'Hoàn tiền cho đơn hàng お問い合わせ refund'],
  ])('weighs %s as the plain definition does, to the bit', (_name, text) => {
    const vectorizer = buildVectorizer(
      ['refund the invoice now', 'invoice refund later', 'hoàn tiền đơn hàng', 'お問い合わせ 返金'].map((document) =>
        featureStrings(document),
      ),
      { minDocumentFrequency: 1, maxFeatures: 1000 },
    );
    const document = featureStrings(text);
    const expected = reference(vectorizer, document);
    const actual = vectorize(vectorizer, document);
    expect(Array.from(actual.indices)).toEqual(Array.from(expected.indices));
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
  });
});

describe('vectorizeText', () => {
  const vectorizer = buildVectorizer(
    [
      ...MULTILINGUAL_ROWS.map((row) => row.text),
      'refund the invoice now',
      'supercalifragilisticexpialidociousness refund',
    ].map((text) => featureStrings(text)),
    { minDocumentFrequency: 1, maxFeatures: 50_000 },
  );
  const same = (text: string) => {
    const expected = vectorize(vectorizer, featureStrings(text));
    const actual = vectorizeText(vectorizer, text);
    expect(Array.from(actual.indices)).toEqual(Array.from(expected.indices));
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
  };

  it('gives the row of featureStrings + vectorize for every multilingual row, the first time and again', () => {
    for (const row of MULTILINGUAL_ROWS) same(row.text);
    for (const row of MULTILINGUAL_ROWS) same(row.text);
  });

  it('gives the same row for words too long to remember, empty text and repeated words', () => {
    same(`${'supercalifragilisticexpialidociousness'.repeat(3)} refund`);
    same('');
    same('refund refund refund invoice');
  });

  it('still gives the same rows after more distinct words than it remembers', () => {
    const words = Array.from({ length: WORD_GRAMS_LIMIT + 10 }, (_, index) => `w${index.toString(36)}x`);
    for (let start = 0; start < words.length; start += 500)
      vectorizeText(vectorizer, words.slice(start, start + 500).join(' '));
    same('refund the invoice now');
    same(words.slice(-20).join(' '));
  });
});
