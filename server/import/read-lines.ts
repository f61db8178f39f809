import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Lines of a file or stream, without their line ends, read lazily (a 1 GB file is fine). */
export function readLines(source: string | Readable): AsyncIterable<string> {
  const input = typeof source === 'string' ? createReadStream(source, { encoding: 'utf8' }) : source;
  return createInterface({ input, crlfDelay: Infinity });
}
