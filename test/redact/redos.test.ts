import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { defaultRecognizers } from '../../src/redact/index.ts';

const patterns = defaultRecognizers.flatMap((recognizer) =>
  recognizer.patterns.map((pattern) => [`${recognizer.name}:${pattern.name}`, pattern.regex] as const),
);

describe('recognizer patterns', () => {
  it('registers at least one pattern per recognizer', () => {
    expect(patterns.length).toBeGreaterThan(defaultRecognizers.length);
  });

  // safe-regex2 rejects nested quantifiers (star height > 1), the shape behind catastrophic backtracking.
  it.each(patterns)('%s has no nested quantifiers', (_name, regex) => {
    expect(safeRegex(regex)).toBe(true);
  });
});
