import { describe, expect, it } from 'vitest';
import { stringBytes, STRING_HEADER_BYTES } from '../../src/text/index.ts';

describe('stringBytes', () => {
  it.each([
    ['', STRING_HEADER_BYTES],
    ['a'.repeat(8), 24],
    ['a'.repeat(9), 32],
    ['é'.repeat(8), 24],
    ['日本'.repeat(4), 32],
    ['a'.repeat(7) + 'ệ', 32],
  ])('estimates %j at %i bytes (a header, 1 byte per Latin-1 character, 2 otherwise, rounded to 8)', (text, bytes) => {
    expect(stringBytes(text)).toBe(bytes);
  });
});
