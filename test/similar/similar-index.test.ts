import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sampling/index.ts';
import { SimilarIndex, type IndexedTicket } from '../../src/similar/index.ts';

function ticket(id: string, label: string | null = null, status: IndexedTicket['status'] = 'open'): IndexedTicket {
  return { id, subject: `subject ${id}`, label, status, createdAt: '2026-11-01T10:00:00Z' };
}

const CORPUS: Array<[string, string, string]> = [
  ['en-refund', 'billing', 'I was charged twice for my subscription this month, please refund the duplicate payment'],
  ['en-login', 'account', 'I cannot log in, the password reset email never arrives'],
  ['en-outage', 'outage', 'The dashboard is down for our whole team, every page shows a 502 error since this morning'],
  ['en-export', 'how_to', 'How do I export all invoices to a CSV file?'],
  ['ja-refund', 'billing', '今月のサブスクリプションが二重に請求されました。返金をお願いします。'],
  ['ja-login', 'account', 'パスワードを再設定してもログインできません。'],
  ['ja-outage', 'outage', 'ダッシュボードが全く表示されず、チーム全員がアクセスできません。'],
  ['vi-refund', 'billing', 'Tôi bị trừ tiền hai lần cho gói đăng ký, vui lòng hoàn tiền cho tôi.'],
  ['vi-login', 'account', 'Tôi không thể đăng nhập, email đặt lại mật khẩu không đến.'],
  ['vi-outage', 'outage', 'Bảng điều khiển bị sập, cả nhóm không truy cập được hệ thống.'],
];

function corpusIndex(): SimilarIndex {
  const index = new SimilarIndex();
  for (const [id, label, text] of CORPUS) index.add(ticket(id, label), text);
  return index;
}

function topIds(index: SimilarIndex, text: string, limit = 3): string[] {
  return index.search(text, { limit }).map((hit) => hit.ticket.id);
}

describe('SimilarIndex ranking', () => {
  it.each([
    ['an English paraphrase', 'refund me, I got charged twice', 'en-refund'],
    ['an inflected English word (4-grams)', 'exporting invoices', 'en-export'],
    ['a Japanese query without spaces', '二重に請求されたので返金してください', 'ja-refund'],
    ['a Japanese login question', 'ログインできない', 'ja-login'],
    ['a Vietnamese query with diacritics', 'hoàn tiền gói đăng ký', 'vi-refund'],
    ['a Vietnamese query without diacritics', 'khong the dang nhap mat khau', 'vi-login'],
    ['a Vietnamese outage without diacritics', 'bang dieu khien bi sap', 'vi-outage'],
  ])('ranks the matching ticket first for %s', (_name, query, expected) => {
    expect(topIds(corpusIndex(), query)[0]).toBe(expected);
  });

  it('gives identical text a score of 1, the highest in the index', () => {
    const index = corpusIndex();
    const [first, second] = index.search(CORPUS[2]![2], { limit: 2 });
    expect(first?.ticket.id).toBe('en-outage');
    expect(first?.score).toBeCloseTo(1, 5);
    expect(second!.score).toBeLessThan(first!.score);
  });

  it('keeps every score within 0..1 and sorts hits best first', () => {
    const index = corpusIndex();
    index.add(ticket('repeats'), 'refund refund refund refund refund charged charged twice twice');
    for (const query of ['refund', 'charged twice refund', 'ログイン', 'dang nhap', 'zzz unknown words refund']) {
      const hits = index.search(query, { limit: 20 });
      for (const hit of hits) {
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
      expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
    }
  });

  it('scores a query lower when it also holds words no ticket has', () => {
    const index = corpusIndex();
    const plain = index.search('export invoices csv', { limit: 1 })[0]!;
    const noisy = index.search('export invoices csv quarterly reconciliation spreadsheet', { limit: 1 })[0]!;
    expect(noisy.ticket.id).toBe(plain.ticket.id);
    expect(noisy.score).toBeLessThan(plain.score);
  });

  it('returns nothing for an empty index, an empty query, a query with no known word, or limit 0', () => {
    expect(new SimilarIndex().search('refund', { limit: 5 })).toEqual([]);
    const index = corpusIndex();
    expect(index.search('   ', { limit: 5 })).toEqual([]);
    expect(index.search('qqqq zzzz', { limit: 5 })).toEqual([]);
    expect(index.search('refund', { limit: 0 })).toEqual([]);
  });
});

describe('SimilarIndex options', () => {
  it('returns at most limit hits', () => {
    expect(corpusIndex().search('refund login dashboard', { limit: 2 })).toHaveLength(2);
  });

  it('leaves out excludeId (the ticket being triaged)', () => {
    const ids = topIds(corpusIndex(), CORPUS[0]![2], 5);
    expect(ids[0]).toBe('en-refund');
    expect(topIds(corpusIndex(), CORPUS[0]![2], 5)).toContain('en-refund');
    const excluded = corpusIndex()
      .search(CORPUS[0]![2], { limit: 5, excludeId: 'en-refund' })
      .map((hit) => hit.ticket.id);
    expect(excluded).not.toContain('en-refund');
    expect(excluded.length).toBeGreaterThan(0);
  });

  it('keeps only tickets the filter accepts, still filling the limit', () => {
    const hits = corpusIndex().search('refund charged twice, cannot log in, ログイン, đăng nhập', {
      limit: 3,
      filter: (candidate) => candidate.label === 'account',
    });
    expect(hits.map((hit) => hit.ticket.label)).toEqual(['account', 'account', 'account']);
  });

  it('stays correct after a filter throws', () => {
    const index = corpusIndex();
    const before = index.search('dashboard down', { limit: 3 });
    expect(() =>
      index.search('dashboard down', {
        limit: 3,
        filter: () => {
          throw new Error('boom');
        },
      }),
    ).toThrow('boom');
    expect(index.search('dashboard down', { limit: 3 })).toEqual(before);
  });
});

describe('SimilarIndex updates', () => {
  it('replaces a ticket on add with the same id: old words no longer match, new ones do', () => {
    const index = corpusIndex();
    index.add(ticket('en-export', 'security'), 'Someone logged into our admin account from an unknown country');
    expect(index.size).toBe(CORPUS.length);
    expect(topIds(index, 'export invoices csv', 10)).not.toContain('en-export');
    expect(topIds(index, 'admin account unknown country')[0]).toBe('en-export');
    expect(index.get('en-export')?.label).toBe('security');
  });

  it('forgets a removed ticket: not found, not returned, size shrinks', () => {
    const index = corpusIndex();
    index.remove('ja-login');
    index.remove('not-there');
    expect(index.size).toBe(CORPUS.length - 1);
    expect(index.get('ja-login')).toBeUndefined();
    expect(topIds(index, 'パスワードを再設定してもログインできません。', 10)).not.toContain('ja-login');
  });

  it('keeps searching correctly across compactions after many removals and replacements', () => {
    const index = new SimilarIndex();
    for (let i = 0; i < 400; i++)
      index.add(
        ticket(`t${i}`, i % 2 ? 'odd' : 'even'),
        `ticket number${i} about topic${i % 7} ${i % 2 ? 'odd' : 'even'}`,
      );
    const postingsBefore = index.stats().postings;
    for (let i = 0; i < 300; i++) index.remove(`t${i}`);
    // Dead postings were dropped, not just hidden.
    expect(index.stats().postings).toBeLessThan(postingsBefore / 2);
    // Letters instead of digits, so the new text shares no 4-gram with the old one.
    const letters = (i: number): string => String(i).replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!);
    for (let i = 300; i < 350; i++) index.add(ticket(`t${i}`, 'replaced'), `replaced ticket ${letters(i)}word`);
    expect(index.size).toBe(100);
    expect(topIds(index, 'number310')).not.toContain('t310');
    expect(topIds(index, `${letters(310)}word`)[0]).toBe('t310');
    expect(topIds(index, 'number390')[0]).toBe('t390');
    expect(topIds(index, 'number10', 400)).not.toContain('t10');
    expect(index.get('t5')).toBeUndefined();
    expect(index.get('t399')?.label).toBe('odd');
  });

  it('keeps only the metadata fields of a ticket, frozen', () => {
    const index = new SimilarIndex();
    index.add({ ...ticket('x', 'billing'), description: 'secret text' } as IndexedTicket, 'refund please');
    const stored = index.get('x')!;
    expect(Object.keys(stored).sort()).toEqual(['createdAt', 'id', 'label', 'status', 'subject']);
    expect(Object.isFrozen(stored)).toBe(true);
  });

  it('does not keep the indexed text: only term ids and counts', () => {
    const index = new SimilarIndex();
    const text = 'a very distinctive sentence about quokkas';
    index.add(ticket('q'), text);
    expect(JSON.stringify(index.get('q'))).not.toContain('quokkas');
    expect(index.stats()).toMatchObject({ tickets: 1 });
  });

  it('estimates its resident bytes from what it holds: typed arrays, the term dictionary and each ticket', () => {
    const empty = new SimilarIndex().stats();
    expect(empty.residentBytes).toBe(empty.typedArrayBytes);
    const index = corpusIndex();
    const full = index.stats();
    // Dictionary strings and map entries, and ticket metadata, come on top of the typed arrays.
    expect(full.residentBytes).toBeGreaterThan(full.typedArrayBytes + full.terms * 48);
    // A subject about a thousand characters longer costs about a thousand bytes more.
    const longer = corpusIndex();
    longer.add({ ...ticket('long'), subject: 'x'.repeat(1000) }, 'quokka');
    const short = corpusIndex();
    short.add(ticket('long'), 'quokka');
    expect(longer.stats().residentBytes - short.stats().residentBytes).toBeGreaterThanOrEqual(980);
    // Removing a ticket gives back its metadata (the dictionary keeps its terms).
    const before = longer.stats().residentBytes;
    longer.remove('long');
    expect(longer.stats().residentBytes).toBeLessThanOrEqual(before - 1000);
    expect(longer.stats().tickets).toBe(CORPUS.length);
  });
});

describe('SimilarIndex two-stage search', () => {
  // A seeded corpus with a skewed vocabulary: a few words in most tickets, many in a handful, like real tickets.
  const VOCABULARY = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x${'abcdefghij'[i % 10]}`);
  function corpus(count: number, seed: number): string[] {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () =>
      Array.from(
        { length: 8 + Math.floor(random() * 20) },
        () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]!,
      ).join(' '),
    );
  }
  const TEXTS = corpus(600, 5);
  const QUERIES = corpus(40, 6);
  // Every query runs both stages: the first scores only the rarest term, the second everything else.
  const TWO_STAGE = { firstStageShare: 0, minFirstStagePostings: 1, candidates: 40 };

  function build(tuning: ConstructorParameters<typeof SimilarIndex>[0], texts = TEXTS): SimilarIndex {
    const index = new SimilarIndex(tuning);
    texts.forEach((text, i) => index.add(ticket(`t${i}`, i % 3 === 0 ? 'three' : 'other'), text));
    return index;
  }

  function exactScores(index: SimilarIndex, query: string): Map<string, number> {
    return new Map(index.search(query, { limit: 10_000 }).map((hit) => [hit.ticket.id, hit.score]));
  }

  it("gives every hit its exact BM25 score: the second stage adds the rest of the terms from each ticket's own list", () => {
    const exact = build({ firstStageShare: Infinity });
    const twoStage = build(TWO_STAGE);
    for (const query of QUERIES) {
      const truth = exactScores(exact, query);
      const hits = twoStage.search(query, { limit: 5 });
      expect(hits).toHaveLength(5);
      for (const hit of hits) expect(hit.score).toBeCloseTo(truth.get(hit.ticket.id)!, 5);
    }
  });

  it('widens the first stage until enough tickets are candidates, so rare query terms do not starve the ranking', () => {
    const twoStage = build(TWO_STAGE);
    // A word only one ticket has is the query's rarest term; the first stage must not stop at that one ticket.
    const hits = twoStage.search(`${TEXTS[0]} zzuniqueword`, { limit: 5 });
    expect(hits).toHaveLength(5);
  });

  it('ranks like exact scoring: the same best score for most queries, never a higher one', () => {
    const exact = build({ firstStageShare: Infinity });
    // Random words have no topics, the hardest case for candidates: 80 of 600 tickets (exact for ~72 % with 40).
    const twoStage = build({ ...TWO_STAGE, candidates: 80 });
    let sameBest = 0;
    for (const query of QUERIES) {
      const expected = exact.search(query, { limit: 5 }).map((hit) => hit.score);
      const actual = twoStage.search(query, { limit: 5 }).map((hit) => hit.score);
      // Every two-stage hit is scored exactly, so it can only miss better tickets, never invent a better score.
      actual.forEach((score, rank) => expect(score).toBeLessThanOrEqual(expected[rank]! + 1e-6));
      if (Math.abs(actual[0]! - expected[0]!) < 1e-6) sameBest++;
    }
    expect(sameBest / QUERIES.length).toBeGreaterThanOrEqual(0.9);
  });

  it('finds the ticket a query was copied from, with the score exact scoring gives it', () => {
    const exact = build({ firstStageShare: Infinity });
    const twoStage = build(TWO_STAGE);
    TEXTS.slice(0, 50).forEach((text, i) => {
      const [best] = twoStage.search(text, { limit: 1 });
      expect(best!.ticket.id).toBe(`t${i}`);
      expect(best!.score).toBeCloseTo(exact.search(text, { limit: 1 })[0]!.score, 5);
    });
  });

  it('answers several searches with one text as each would alone (searchEach: one first stage)', () => {
    for (const tuning of [TWO_STAGE, { firstStageShare: Infinity }]) {
      const index = build(tuning);
      for (const query of QUERIES.slice(0, 10)) {
        const requests = [
          { limit: 5, excludeId: 't3' },
          { limit: 20, filter: (candidate: IndexedTicket) => candidate.label === 'three' },
          { limit: 0 },
        ];
        const together = index.searchEach(query, requests);
        expect(together).toEqual(requests.map((options) => index.search(query, options)));
        expect(together[1]!.length).toBeGreaterThan(0);
        expect(together[1]!.every((hit) => hit.ticket.label === 'three')).toBe(true);
      }
    }
  });

  it('applies excludeId and filter before choosing candidates', () => {
    const twoStage = build(TWO_STAGE);
    const query = TEXTS[9]!;
    expect(twoStage.search(query, { limit: 1 })[0]!.ticket.id).toBe('t9');
    expect(twoStage.search(query, { limit: 5, excludeId: 't9' }).map((hit) => hit.ticket.id)).not.toContain('t9');
    const filtered = twoStage.search(query, { limit: 5, filter: (candidate) => candidate.label === 'three' });
    expect(filtered).toHaveLength(5);
    expect(filtered.every((hit) => hit.ticket.label === 'three')).toBe(true);
  });

  it("keeps each ticket's own term list right across removals, replacements and compactions", () => {
    const replacements = corpus(100, 7);
    // The same changes to an exact index and a two-stage one: every two-stage hit must keep its exact score.
    const [exact, twoStage] = [build({ firstStageShare: Infinity }), build(TWO_STAGE)].map((index) => {
      for (let i = 0; i < TEXTS.length; i += 2) index.remove(`t${i}`);
      replacements.forEach((text, j) => index.add(ticket(`t${2 * j + 1}`, 'three'), text));
      return index;
    }) as [SimilarIndex, SimilarIndex];
    // Half removed, then a hundred replaced: compaction ran and rewrote the term lists.
    expect(twoStage.stats().postings).toBeLessThan(build(TWO_STAGE).stats().postings);
    expect(twoStage.size).toBe(TEXTS.length / 2);
    for (const query of [...QUERIES, ...replacements.slice(0, 10)]) {
      const truth = exactScores(exact, query);
      const hits = twoStage.search(query, { limit: 5 });
      expect(hits).toHaveLength(5);
      for (const hit of hits) expect(hit.score).toBeCloseTo(truth.get(hit.ticket.id)!, 5);
    }
  });
});
