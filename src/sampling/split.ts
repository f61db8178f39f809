import { seededRandom, shuffleInPlace } from './random.ts';

export interface SplitOptions {
  /** Share of rows that go to the held-out side, 0 < fraction < 1. */
  fraction: number;
  seed?: number;
}

export interface Split<T> {
  train: T[];
  test: T[];
  /** `time` when every row had a date (the newest rows are held out), else `stratified`. */
  kind: 'time' | 'stratified';
}

/**
 * Holds out a share of rows. When every row carries a date the newest rows are held out, as a deployed model
 * meets tomorrow's tickets; otherwise a seeded split keeps each label's share (labels with one row stay in train).
 * Both sides keep the input order.
 */
export function splitHoldout<T extends { label: string; createdAt?: string | null }>(
  rows: readonly T[],
  options: SplitOptions,
): Split<T> {
  if (!(options.fraction > 0 && options.fraction < 1))
    throw new RangeError(`fraction must be between 0 and 1, got ${options.fraction}`);
  const times = rows.map((row) => (row.createdAt ? Date.parse(row.createdAt) : Number.NaN));
  const held = new Set<number>();
  let kind: Split<T>['kind'];
  if (rows.length > 0 && times.every((time) => Number.isFinite(time))) {
    kind = 'time';
    const byTime = [...rows.keys()].sort((a, b) => times[a]! - times[b]! || a - b);
    const count = Math.round(rows.length * options.fraction);
    for (const index of byTime.slice(rows.length - count)) held.add(index);
  } else {
    kind = 'stratified';
    const random = seededRandom(options.seed ?? 1);
    const byLabel = new Map<string, number[]>();
    rows.forEach((row, index) => {
      const group = byLabel.get(row.label);
      if (group) group.push(index);
      else byLabel.set(row.label, [index]);
    });
    for (const label of [...byLabel.keys()].sort()) {
      const group = byLabel.get(label)!;
      if (group.length < 2) continue;
      shuffleInPlace(group, random);
      const count = Math.min(group.length - 1, Math.max(1, Math.round(group.length * options.fraction)));
      for (const index of group.slice(0, count)) held.add(index);
    }
  }
  return { train: rows.filter((_, index) => !held.has(index)), test: rows.filter((_, index) => held.has(index)), kind };
}

/**
 * FNV-1a (32-bit) of a string's UTF-16 code units, then murmur3's finalizer: FNV alone leaves the high bits of
 * sequential ids ("t-0001", "t-0002") nearly equal. The same number for the same id on every run and machine.
 */
function hashId(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Holds out the rows whose id hashes into the first `fraction` of the range. A ticket stays on its side whatever
 * other rows come, go or change label, so models trained on the train side at different times never meet a held-out
 * ticket, and comparing two of them on the held-out side is fair. Both sides keep the input order.
 */
export function splitById<T extends { id: string }>(
  rows: readonly T[],
  options: { fraction: number },
): { train: T[]; test: T[] } {
  if (!(options.fraction > 0 && options.fraction < 1))
    throw new RangeError(`fraction must be between 0 and 1, got ${options.fraction}`);
  const train: T[] = [];
  const test: T[] = [];
  for (const row of rows) (hashId(row.id) / 2 ** 32 < options.fraction ? test : train).push(row);
  return { train, test };
}

/**
 * The cross-validation fold (0 … folds − 1) of a ticket id, from the same hash as splitById: a ticket stays in its
 * fold whatever other rows come or go, so two reports on the same tickets score every ticket the same way.
 */
export function foldOfId(id: string, folds: number): number {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be a whole number ≥ 2, got ${folds}`);
  return Math.min(folds - 1, Math.floor((hashId(id) / 2 ** 32) * folds));
}
