import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../server/http/rate-limit.ts';
import { readLines } from '../../server/http/read-lines.ts';

describe('TokenBuckets', () => {
  it('allows a burst, then answers the seconds until the next token, refilling over time', () => {
    const buckets = new TokenBuckets(2, 3);
    expect([0, 1, 2].map(() => buckets.take('acme', 0))).toEqual([0, 0, 0]);
    expect(buckets.take('acme', 0)).toBe(1);
    expect(buckets.take('acme', 500)).toBe(0);
    expect(buckets.take('globex', 500)).toBe(0);
  });

  it('rounds a long wait up to whole seconds', () => {
    const buckets = new TokenBuckets(0.1, 1);
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBe(10);
    expect(buckets.take('a', 5_000)).toBe(5);
  });

  it('forgets full buckets when it holds too many keys, keeping the ones that are limited', () => {
    const buckets = new TokenBuckets(1, 1, 2);
    buckets.take('limited', 0);
    buckets.take('idle', 0);
    // 'idle' refills by t=5 s; 'limited' is taken again and stays empty.
    expect(buckets.take('limited', 5_000)).toBe(0);
    buckets.take('new', 5_000);
    expect(buckets.take('limited', 5_000)).toBe(1);
  });
});

describe('readLines', () => {
  const tooLong = () => new Error('too long');
  const collect = async (chunks: string[], max = 100) => {
    const lines: string[] = [];
    for await (const line of readLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), max, tooLong))
      lines.push(line);
    return lines;
  };

  it('splits across chunk boundaries, strips CR and keeps a last line without newline', async () => {
    expect(await collect(['{"a"', ':1}\r\n{"b":2}\n', '{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('日本\n');
    const lines: string[] = [];
    for await (const line of readLines(Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]), 100, tooLong))
      lines.push(line);
    expect(lines).toEqual(['日本']);
  });

  it('throws on a line longer than the limit', async () => {
    await expect(collect(['x'.repeat(150)])).rejects.toThrow('too long');
  });
});
