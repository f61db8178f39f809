import { describe, expect, it } from 'vitest';
import { foldOfId, splitById, splitHoldout } from '../../src/sampling/index.ts';

describe('splitHoldout', () => {
  const rows = [
    ...Array.from({ length: 40 }, (_, i) => ({ id: i, label: 'a' })),
    ...Array.from({ length: 20 }, (_, i) => ({ id: 40 + i, label: 'b' })),
    { id: 60, label: 'single' },
  ];

  it('holds out each label in proportion, keeps a one-row label in train, and keeps input order', () => {
    const split = splitHoldout(rows, { fraction: 0.25, seed: 7 });
    expect(split.kind).toBe('stratified');
    expect(split.test.filter((row) => row.label === 'a')).toHaveLength(10);
    expect(split.test.filter((row) => row.label === 'b')).toHaveLength(5);
    expect(split.train.some((row) => row.label === 'single')).toBe(true);
    expect(split.train.length + split.test.length).toBe(rows.length);
    expect(split.test.map((row) => row.id)).toEqual([...split.test.map((row) => row.id)].sort((x, y) => x - y));
  });

  it('is the same for the same seed and differs for another seed', () => {
    const ids = (seed: number) => splitHoldout(rows, { fraction: 0.25, seed }).test.map((row) => row.id);
    expect(ids(3)).toEqual(ids(3));
    expect(ids(3)).not.toEqual(ids(4));
  });

  it('holds out the newest rows when every row has a date', () => {
    const dated = Array.from({ length: 10 }, (_, i) => ({
      id: i,
      label: i % 2 ? 'a' : 'b',
      createdAt: new Date(Date.UTC(2026, 0, 10 - i)).toISOString(),
    }));
    const split = splitHoldout(dated, { fraction: 0.3, seed: 1 });
    expect(split.kind).toBe('time');
    expect(split.test.map((row) => row.id)).toEqual([0, 1, 2]);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => splitHoldout(rows, { fraction: 1 })).toThrow(RangeError);
  });
});

describe('splitById', () => {
  const tickets = (from: number, count: number, label = 'a') =>
    Array.from({ length: count }, (_, i) => ({ id: `t-${String(from + i).padStart(5, '0')}`, label }));

  it('holds out about the fraction of sequential ids, keeping input order', () => {
    const rows = tickets(0, 2000);
    const split = splitById(rows, { fraction: 0.2 });
    expect(split.test.length).toBeGreaterThan(360);
    expect(split.test.length).toBeLessThan(440);
    expect(split.train.length + split.test.length).toBe(rows.length);
    expect(split.test).toEqual(rows.filter((row) => split.test.includes(row)));
  });

  it('keeps every ticket on its side when tickets are added, removed or relabelled', () => {
    const before = splitById(tickets(0, 500), { fraction: 0.2 });
    const after = splitById([...tickets(100, 400, 'b'), ...tickets(500, 300)], { fraction: 0.2 });
    const heldBefore = new Set(before.test.map((row) => row.id));
    const trainedBefore = new Set(before.train.map((row) => row.id));
    expect(after.test.filter((row) => trainedBefore.has(row.id))).toEqual([]);
    expect(after.train.filter((row) => heldBefore.has(row.id))).toEqual([]);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => splitById(tickets(0, 3), { fraction: 0 })).toThrow(RangeError);
  });
});

describe('foldOfId', () => {
  const ids = Array.from({ length: 2000 }, (_, index) => `t-${index}`);

  it('spreads sequential ids evenly over the folds, the same fold on every call', () => {
    const sizes = [0, 0, 0, 0, 0];
    for (const id of ids) sizes[foldOfId(id, 5)]!++;
    for (const size of sizes) expect(size).toBeGreaterThan(340);
    expect(ids.map((id) => foldOfId(id, 5))).toEqual(ids.map((id) => foldOfId(id, 5)));
  });

  it('puts in fold 0 of 5 exactly the tickets splitById holds out at 20 %', () => {
    const rows = ids.map((id) => ({ id }));
    const held = new Set(splitById(rows, { fraction: 0.2 }).test.map((row) => row.id));
    expect(new Set(ids.filter((id) => foldOfId(id, 5) === 0))).toEqual(held);
  });

  it.each([1, 0, 2.5])('rejects %s folds', (folds) => {
    expect(() => foldOfId('t-1', folds)).toThrow(RangeError);
  });
});
