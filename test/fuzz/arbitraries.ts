import fc from 'fast-check';

/** Text a reader would call unusual: NUL and controls, lone surrogates, bidi controls, ZWJ sequences, combining marks, noncharacters. */
export const SPECIAL_TEXT = [
  '\u0000',
  '\u0001',
  '\u001b[31m',
  '\u007f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ufffe',
  '\uffff',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u2066',
  '\u2028',
  '\u2029',
  '\r\n',
  '\t',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇫🇷',
  '👍🏽',
  '😀',
  '\u{10ffff}',
  'e\u0301',
  `Z${'\u0336'.repeat(60)}`,
  'مرحبا بالعالم',
  'שלום',
  '漢字かなカナ',
  'ﷺ',
  'İı',
  'ß',
  '\\',
  '"',
  '<script>',
  '%00',
  '${x}',
] as const;

/** Words that stand for ticket text: no error body may echo them (README: "the value is never echoed"). */
export const SECRET_TEXT = 'Zebra-Quokka roadmap';

/** Words the model and the rules react to, so some texts reach them with content; and the secret words. */
const WORDS = [
  SECRET_TEXT,
  'invoice',
  'export',
  'refund',
  'password',
  'outage',
  'hacked',
  'lawyer',
  'GDPR',
  'a',
  ' ',
  '. ',
  '\n',
  'jane@example.com',
  '+1 415 555 0100',
] as const;

/** One unit of generated text: a special piece, any grapheme, any code point, or a word. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
);

/** Text with unicode edge cases, up to maxLength units. */
export const text = (maxLength: number) => fc.string({ unit, maxLength });

/** A line longer than the 140-character summary with a surrogate pair, ZWJ sequence or combining mark straddling the cut. */
export const textAcrossTheSummaryCut = fc
  .tuple(fc.integer({ min: 125, max: 150 }), fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🇫🇷', 'e\u0301', '\u{10ffff}'), text(20))
  .map(([before, piece, after]) => `${'Invoice export broken '.repeat(8).slice(0, before)}${piece.repeat(3)}${after}`);

/** Any JSON value, or a value of the wrong type for a field. */
export const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

/** A key object-walking code might trip on. */
const oddKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '\u0000',
  'ticket',
  'id',
);

/** Extra keys, with odd names among them. */
const extraKeys = fc.dictionary(fc.oneof(oddKey, fc.string({ maxLength: 8 })), anyValue, { maxKeys: 3 });

/** A field's value: usually one of the right type, sometimes anything. */
function maybe<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: anyValue });
}

const ticketId = fc.oneof(
  fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3', 'a', 'A.b:c_d-e', '0'),
  fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/),
  text(70),
);

const isoDate = fc.oneof(
  fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.constantFrom(
    '2026-11-23T10:00:00+05:30',
    '2026-02-30T10:00:00Z',
    '2026-11-23',
    '0000-00-00T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
    '',
  ),
);

const comment = fc.record(
  {
    authorRole: maybe(fc.constantFrom('requester', 'agent', 'system')),
    authorName: maybe(text(30)),
    body: maybe(fc.oneof(text(300), textAcrossTheSummaryCut)),
    public: maybe(fc.boolean()),
    createdAt: maybe(isoDate),
  },
  { requiredKeys: ['authorRole', 'body'] },
);

const participant = fc.record({ name: maybe(text(30)), email: maybe(text(30)) }, { requiredKeys: [] });

/** A ticket shaped like the contract's, with unicode edge cases in every text, wrong types and extra keys now and then. */
export const ticket = fc
  .tuple(
    fc.record(
      {
        id: maybe(ticketId),
        subject: maybe(fc.oneof(text(60), textAcrossTheSummaryCut)),
        description: maybe(fc.oneof(text(400), textAcrossTheSummaryCut)),
        comments: maybe(fc.array(comment, { maxLength: 4 })),
        requester: maybe(participant),
        participants: maybe(fc.array(participant, { maxLength: 3 })),
        tags: maybe(fc.array(text(20), { maxLength: 5 })),
        status: maybe(fc.constantFrom('new', 'open', 'pending', 'hold', 'solved', 'closed')),
        locale: maybe(text(10)),
        createdAt: maybe(isoDate),
        updatedAt: maybe(isoDate),
      },
      { requiredKeys: ['id'] },
    ),
    fc.option(extraKeys, { nil: undefined }),
  )
  .map(([fields, extra]) => ({ ...extra, ...fields }));

/** A feedback event shaped like the contract's, mutated the same way. */
export const feedbackEvent = fc
  .tuple(
    fc.record(
      {
        idempotencyKey: maybe(fc.oneof(fc.stringMatching(/^[a-z0-9-]{8,40}$/), text(40))),
        ticketId: maybe(ticketId),
        kind: maybe(fc.constantFrom('accept', 'reject', 'correct', 'like', 'dislike')),
        label: maybe(fc.oneof(fc.constantFrom('billing', 'bug', 'how_to', 'no-such-label'), text(20))),
        correctedLabel: maybe(fc.oneof(fc.constant(null), fc.constantFrom('billing', 'bug'), text(20))),
        tags: maybe(fc.array(text(20), { maxLength: 4 })),
        actor: maybe(
          fc.record(
            { id: maybe(text(20)), role: maybe(fc.constantFrom('agent', 'reviewer', 'admin')) },
            { requiredKeys: ['id'] },
          ),
        ),
        at: maybe(isoDate),
      },
      { requiredKeys: ['idempotencyKey', 'ticketId', 'kind', 'label', 'actor', 'at'] },
    ),
    fc.option(extraKeys, { nil: undefined }),
  )
  .map(([fields, extra]) => ({ ...extra, ...fields }));

/** Text that is almost JSON: valid documents cut short, with a character flipped or inserted, and plain strings. */
export const malformedJson = fc.oneof(
  fc
    .tuple(
      fc.json({ maxDepth: 3 }),
      fc.nat(),
      fc.constantFrom(
        '',
        '{',
        '}',
        '[',
        ']',
        '"',
        ',',
        ':',
        '\\',
        '\u0000',
        '\ud800',
        'NaN',
        'undefined',
        "'",
        '/*',
        '\n',
      ),
    )
    .map(([json, at, insert]) => {
      const cut = at % (json.length + 1);
      return `${json.slice(0, cut)}${insert}${json.slice(cut + (at % 2))}`;
    }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '{}',
    '[]',
    '""',
    '0',
    '-0',
    '1e999',
    'true',
    '{"ticket":',
    '{"ticket":{"id":"1"}}}',
    '\ufeff{}',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":1,"a":2}',
  ),
);

/** Nesting deep enough to overflow a recursive parser or validator: arrays, objects, and a ticket field holding it. */
export const deepNesting = fc
  .tuple(
    fc.oneof(fc.constantFrom(10_000, 100_000), fc.integer({ min: 1_000, max: 100_000 })),
    fc.constantFrom('array', 'object', 'in-ticket', 'unclosed'),
  )
  .map(([depth, shape]) => {
    switch (shape) {
      case 'array':
        return { depth, shape, body: `${'['.repeat(depth)}${']'.repeat(depth)}` };
      case 'object':
        return { depth, shape, body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` };
      case 'in-ticket':
        return { depth, shape, body: `{"ticket":{"id":"deep-1","subject":${'['.repeat(depth)}${']'.repeat(depth)}}}` };
      default:
        return { depth, shape, body: '['.repeat(depth) };
    }
  });

/** Content-Type headers a client might send, from right to odd (undefined: none). */
export const contentType = fc.oneof(
  fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=UTF-8',
    'application/json;charset=utf-8',
    'APPLICATION/JSON',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/json; charset="utf-8"',
    'application/json;',
    'application/json ; foo=bar',
    'application/jsonx',
    'application/json-patch+json',
    'application/vnd.api+json',
    'application/problem+json',
    'text/json',
    'text/plain',
    'text/plain; charset=utf-8',
    'multipart/form-data; boundary=fuzz',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    'application/x-ndjson',
    'application/octet-stream',
    '*/*',
    '',
    ';',
    'application/',
    '/json',
  ),
  fc.string({ unit: fc.constantFrom(...'abcdejnoilpstx/;=+-*. "'), maxLength: 40 }),
);

/** Percent-encoded bytes: invalid UTF-8 (lone surrogates as %ED%A0%80, overlongs, %FF), NUL, and plain characters. */
export const encodedBytes = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '%00',
          '%ED%A0%80',
          '%ED%BF%BF',
          '%C0%AF',
          '%FF',
          '%E0%A4',
          '%F0%9F%98%80',
          '%F0%9F%98',
          '%2F',
          '%25',
          '%3F',
          '%23',
          '%20',
          '+',
          '.',
          '..',
        ),
        fc.integer({ min: 0, max: 255 }).map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`),
        fc.stringMatching(/^[A-Za-z0-9_.~-]{1,8}$/),
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

/** A query value: numbers in every spelling, long and unicode text, raw percent escapes (valid or not). */
export const queryValue = fc.oneof(
  fc.constantFrom(
    encodeURIComponent(SECRET_TEXT),
    '-1',
    '0',
    '1',
    '5',
    '50',
    '51',
    '200',
    '201',
    '1e9',
    '1e999',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '1.5',
    ' 5',
    '5abc',
    '',
    '9'.repeat(400),
    '%ZZ',
    '%',
    '%E0%A4%A',
  ),
  encodedBytes(20),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  fc.integer({ min: 1990, max: 2100 }).map((length) => 'q'.repeat(length)),
);

/** A query string with repeated, bracketed and odd keys. */
export const queryString = fc
  .array(
    fc.tuple(
      fc.constantFrom('q', 'limit', 'q[]', 'limit[]', 'q[a]', 'limit[0]', '__proto__', 'constructor', '', 'x'),
      fc.option(queryValue, { nil: undefined }),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([key, value]) => (value === undefined ? key : `${key}=${value}`)).join('&'));

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
