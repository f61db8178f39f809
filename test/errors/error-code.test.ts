import { describe, expect, it } from 'vitest';
import { errorCode } from '../../src/errors/index.ts';

class CodedError extends Error {
  readonly code = 'LLM_TIMEOUT';
}

describe('errorCode', () => {
  it.each([
    ['a typed error', new CodedError('late'), 'LLM_TIMEOUT'],
    ['a Node errno error', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    ['a plain object with a code', { code: '23505' }, '23505'],
  ])('reads the string code of %s', (_kind, error, code) => {
    expect(errorCode(error)).toBe(code);
  });

  it.each([
    ['an error without a code', new Error('x')],
    ['a numeric code', Object.assign(new Error('x'), { code: 26000 })],
    ['null', null],
    ['a string', 'LLM_TIMEOUT'],
    ['undefined', undefined],
  ])('gives null for %s, so the caller picks the fallback', (_kind, error) => {
    expect(errorCode(error)).toBeNull();
  });
});
