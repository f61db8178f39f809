import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../src/similar/index.ts';

describe('fuseRankings', () => {
  it('adds 1 / (k + rank) from every list', () => {
    const lexical = [
      { id: 'a', score: 9 },
      { id: 'b', score: 5 },
    ];
    const dense = [
      { id: 'b', score: 0.9 },
      { id: 'c', score: 0.8 },
    ];
    const fused = fuseRankings([lexical, dense], { k: 1 });
    // a: 1/2; b: 1/3 + 1/2; c: 1/3
    expect(fused.map((entry) => entry.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 3 + 1 / 2, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 2, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 3, 12);
  });

  it('uses k = 60 by default and ranks by position, not by raw score scale', () => {
    const fused = fuseRankings([
      [
        { id: 'x', score: 1000 },
        { id: 'y', score: 999 },
      ],
      [
        { id: 'y', score: 0.2 },
        { id: 'x', score: 0.1 },
      ],
    ]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[0]!.score).toBeCloseTo(fused[1]!.score, 12);
  });

  it('orders each list by score before ranking it', () => {
    const fused = fuseRankings(
      [
        [
          { id: 'low', score: 0.1 },
          { id: 'high', score: 0.9 },
        ],
      ],
      { k: 0 },
    );
    expect(fused).toEqual([
      { id: 'high', score: 1 },
      { id: 'low', score: 0.5 },
    ]);
  });

  it('weights lists', () => {
    const fused = fuseRankings([[{ id: 'a', score: 1 }], [{ id: 'b', score: 1 }]], { k: 0, weights: [1, 3] });
    expect(fused).toEqual([
      { id: 'b', score: 3 },
      { id: 'a', score: 1 },
    ]);
  });

  it('rejects a weight count that does not match the lists, and a negative k', () => {
    expect(() => fuseRankings([[], []], { weights: [1] })).toThrow(RangeError);
    expect(() => fuseRankings([[]], { k: -1 })).toThrow(RangeError);
  });

  it('returns nothing for empty lists', () => {
    expect(fuseRankings([[], []])).toEqual([]);
  });
});
