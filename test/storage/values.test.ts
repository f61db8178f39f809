import { describe, expect, it } from 'vitest';
import { toStringOrNull } from '../../server/storage/values.ts';

describe('toStringOrNull', () => {
  it('keeps a text column and reads SQL NULL as null', () => {
    expect(toStringOrNull('billing')).toBe('billing');
    expect(toStringOrNull(null)).toBeNull();
    expect(toStringOrNull(undefined)).toBeNull();
  });

  it.each([[{ label: 'billing' }], [42]])(
    'refuses a value that is not text (%j) instead of stringifying it',
    (value) => {
      expect(() => toStringOrNull(value)).toThrow(/expected a text column/);
    },
  );
});
