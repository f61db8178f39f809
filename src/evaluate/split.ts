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
export function splitHoldout<T extends { label: string; createdAt?: string | null }>(rows: readonly T[], options: SplitOptions): Split<T> {
  if (!(options.fraction > 0 && options.fraction < 1)) throw new RangeError(`fraction must be between 0 and 1, got ${options.fraction}`);
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
