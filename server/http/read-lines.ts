import type { Readable } from 'node:stream';

/**
 * Splits a byte stream into UTF-8 lines without holding more than one line; a line longer than `maxLineBytes`
 * throws `tooLong()` (the stream could be a single endless line).
 */
export async function* readLines(stream: Readable, maxLineBytes: number, tooLong: () => Error): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of stream) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (pending.length > maxLineBytes) throw tooLong();
  }
  pending += decoder.decode();
  if (pending.length > 0) yield pending.replace(/\r$/, '');
}
