import { describe, expect, it } from 'vitest';
import { instant } from '../../src/contract/index.ts';

describe('instant', () => {
  const schema = instant();

  it.each([
    '2026-11-23T10:00:00Z',
    '2026-11-23T10:00:00+05:30',
    '2024-02-29T00:00:00Z',
    '0001-01-02T00:00:00Z',
    '9999-12-31T00:00:00.123Z',
  ])('accepts %s', (value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });

  it.each([
    ['February 30th', '2026-02-30T10:00:00Z'],
    ['February 29th of a common year', '2026-02-29T10:00:00Z'],
    ['month zero', '2026-00-10T10:00:00Z'],
    ['year zero', '0000-01-01T00:00:00Z'],
    ['the last second of 9999, which PostgreSQL rounds into year 10000', '9999-12-31T23:59:59.999999999Z'],
    ['an offset that crosses into year 10000', '9999-12-31T23:00:00-05:00'],
    ['a date without a time', '2026-11-23'],
  ])('refuses %s', (_name, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});
