import { describe, expect, it } from 'vitest';
import { DenseIndex } from '../../src/similar/index.ts';

const vector = (...values: number[]): Float32Array => Float32Array.from(values);

describe('DenseIndex', () => {
  it('ranks by cosine similarity, whatever the vector length', () => {
    const index = new DenseIndex(3);
    index.add('x', vector(10, 0, 0));
    index.add('xy', vector(1, 1, 0));
    index.add('z', vector(0, 0, 0.5));
    const hits = index.search(vector(2, 0, 0), 3);
    expect(hits.map((hit) => hit.id)).toEqual(['x', 'xy', 'z']);
    expect(hits[0]!.score).toBeCloseTo(1, 6);
    expect(hits[1]!.score).toBeCloseTo(Math.SQRT1_2, 6);
    expect(hits[2]!.score).toBeCloseTo(0, 6);
  });

  it('replaces a vector on add with the same id and forgets removed ids', () => {
    const index = new DenseIndex(2);
    for (let i = 0; i < 100; i++) index.add(`v${i}`, vector(1, i));
    index.add('v0', vector(0, -1));
    index.remove('v50');
    index.remove('missing');
    expect(index.size).toBe(99);
    const hits = index.search(vector(0, -1), 200);
    expect(hits).toHaveLength(99);
    expect(hits[0]).toMatchObject({ id: 'v0' });
    expect(hits[0]!.score).toBeCloseTo(1, 6);
    expect(hits.map((hit) => hit.id)).not.toContain('v50');
  });

  it('hands out a copy of the stored unit vector of an id, also after another id was removed', () => {
    const index = new DenseIndex(2);
    index.add('a', vector(3, 4));
    index.add('b', vector(0, 2));
    index.remove('a');
    expect(index.has('a')).toBe(false);
    expect(index.get('a')).toBeUndefined();
    const copy = index.get('b')!;
    expect([...copy]).toEqual([0, 1]);
    copy[1] = -1;
    expect([...index.get('b')!]).toEqual([0, 1]);
    index.add('c', vector(3, 4));
    expect([...index.get('c')!].map((value) => Number(value.toFixed(6)))).toEqual([0.6, 0.8]);
  });

  it('scores only the ids asked for, best first, skipping unknown ones and repeats', () => {
    const index = new DenseIndex(2);
    index.add('a', vector(1, 0));
    index.add('b', vector(1, 1));
    index.add('c', vector(0, 1));
    const scored = index.similarities(vector(0, 3), ['a', 'b', 'missing', 'b']);
    expect(scored.map((hit) => hit.id)).toEqual(['b', 'a']);
    expect(scored[0]!.score).toBeCloseTo(Math.SQRT1_2, 6);
    expect(scored[1]!.score).toBeCloseTo(0, 6);
    expect(index.similarities(vector(0, 0), ['a'])).toEqual([]);
  });

  it('keeps the vector that moved into a removed slot searchable', () => {
    const index = new DenseIndex(2);
    index.add('a', vector(1, 0));
    index.add('b', vector(0, 1));
    index.remove('a');
    const found = index.search(vector(0, 1), 1);
    expect(found.map((hit) => hit.id)).toEqual(['b']);
    expect(found[0]?.score).toBeCloseTo(1, 6);
  });

  it('respects the limit and returns nothing for a zero query or limit 0', () => {
    const index = new DenseIndex(2);
    index.add('a', vector(1, 0));
    index.add('b', vector(0, 1));
    expect(index.search(vector(1, 1), 1)).toHaveLength(1);
    expect(index.search(vector(0, 0), 5)).toEqual([]);
    expect(index.search(vector(1, 0), 0)).toEqual([]);
  });

  it('rejects vectors of the wrong dimension and a bad dimension count', () => {
    const index = new DenseIndex(3);
    expect(() => index.add('a', vector(1, 2))).toThrow(RangeError);
    expect(() => index.search(vector(1, 2), 1)).toThrow(RangeError);
    expect(() => new DenseIndex(0)).toThrow(RangeError);
  });

  it('estimates its resident bytes: the vectors array and each id', () => {
    const index = new DenseIndex(4);
    const empty = index.residentBytes;
    expect(empty).toBe(4 * 64 * 4);
    index.add('ticket-1', new Float32Array([1, 0, 0, 0]));
    const one = index.residentBytes;
    expect(one).toBeGreaterThan(empty);
    index.remove('ticket-1');
    expect(index.residentBytes).toBe(empty);
  });
});
