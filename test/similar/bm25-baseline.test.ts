import { describe, expect, it } from 'vitest';
import { bm25Rank } from '../../src/similar/index.ts';

describe('bm25Rank', () => {
  const documents = [
    { id: 'a', text: 'refund my payment' },
    { id: 'b', text: 'card not arrived' },
    { id: 'c', text: 'refund refund card' },
  ];

  it('computes textbook BM25 (k1 1.2, b 0.75) by hand', () => {
    const [ranking] = bm25Rank(documents, ['refund'], { limit: 3 });
    // N = 3, df(refund) = 2 → idf = ln(1 + 1.5 / 2.5); avgdl = 3, every document has 3 tokens → length factor 1
    const idf = Math.log(1 + 1.5 / 2.5);
    const score = (tf: number): number => (idf * tf * 2.2) / (tf + 1.2);
    expect(ranking!.map((hit) => hit.id)).toEqual(['c', 'a']);
    expect(ranking![0]!.score).toBeCloseTo(score(2), 10);
    expect(ranking![1]!.score).toBeCloseTo(score(1), 10);
  });

  it('ranks each query separately, leaves out non-matching documents and honours the limit', () => {
    const rankings = bm25Rank(documents, ['card', 'nothing here', 'refund card'], { limit: 1 });
    expect(rankings.map((ranking) => ranking.map((hit) => hit.id))).toEqual([['b'], [], ['c']]);
  });
});
