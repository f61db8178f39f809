import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { z } from 'zod';
import { ErrorBody } from '../../src/contract/index.ts';
import { SECRET_TEXT } from './arbitraries.ts';

/** One request and what came back, timed from the first byte sent to the last byte read. */
export interface Exchange {
  readonly label: string;
  readonly method: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly ms: number;
}

/** Per-request time bound: generous for a loaded 2-core machine, tight enough to catch a pathological case. */
export const REQUEST_BOUND_MS = 5_000;
/** Bodies near the 1 MB limit are read, parsed, redacted and stored whole. */
export const HUGE_REQUEST_BOUND_MS = 20_000;

/**
 * The documented error codes and their statuses, read from README "HTTP API" ("`CODE` 400, …"), so a code added
 * there is accepted here without a second list to keep in step.
 */
export const DOCUMENTED_ERRORS: ReadonlyMap<string, number> = (() => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('Errors are `{ error: { code, message');
  if (start < 0) throw new Error('README.md lost its "Errors are { error: { code, message … } }" paragraph');
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
  const codes = new Map<string, number>();
  for (const match of paragraph.matchAll(/`([A-Z][A-Z_]+)` (\d{3})/g)) codes.set(match[1]!, Number(match[2]));
  // "`DATABASE_UNAVAILABLE` 503 and `NOT_READY` 503": every code in the paragraph has its status beside it.
  for (const match of paragraph.matchAll(/`([A-Z][A-Z_]{3,})`/g))
    if (!codes.has(match[1]!)) throw new Error(`README names ${match[1]} without its status`);
  if (codes.size < 5) throw new Error('README.md "HTTP API": too few documented error codes found');
  return codes;
})();

const snippet = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);

/** Why this exchange breaks the API's promises, or null: no 5xx, documented error bodies, bounded time, 2xx bodies that fit the contract. */
export function problemWith(
  exchange: Exchange,
  options: { boundMs?: number; contract?: z.ZodType | null } = {},
): string | null {
  const where = `${exchange.label} → ${exchange.status} in ${Math.round(exchange.ms)} ms`;
  const bound = options.boundMs ?? REQUEST_BOUND_MS;
  if (exchange.status >= 500) return `${where}: a server error: ${snippet(exchange.body)}`;
  if (exchange.ms > bound) return `${where}: slower than ${bound} ms`;
  if (exchange.status >= 400 && exchange.method !== 'HEAD') {
    let json: unknown;
    try {
      json = JSON.parse(exchange.body);
    } catch {
      return `${where}: the error body is not JSON: ${snippet(exchange.body)}`;
    }
    const parsed = ErrorBody.safeParse(json);
    if (!parsed.success)
      return `${where}: the error body is not { error: { code, message } }: ${snippet(exchange.body)}`;
    const documented = DOCUMENTED_ERRORS.get(parsed.data.error.code);
    if (documented === undefined) return `${where}: undocumented error code ${parsed.data.error.code}`;
    if (documented !== exchange.status) return `${where}: ${parsed.data.error.code} is documented as ${documented}`;
    if (exchange.body.includes(SECRET_TEXT.split(' ')[0]!))
      return `${where}: the error body echoes request text: ${snippet(exchange.body)}`;
    if (!exchange.contentType.startsWith('application/json'))
      return `${where}: error sent as ${exchange.contentType || 'no content-type'}`;
  }
  if (exchange.status >= 200 && exchange.status < 300 && options.contract) {
    let json: unknown;
    try {
      json = JSON.parse(exchange.body);
    } catch {
      return `${where}: the answer is not JSON: ${snippet(exchange.body)}`;
    }
    const parsed = options.contract.safeParse(json);
    if (!parsed.success)
      return `${where}: the answer does not fit the contract: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join('.')}`;
  }
  return null;
}

/** Throws (failing the property, which fast-check then shrinks) when the exchange breaks a promise. */
export function expectSound(exchange: Exchange, options: Parameters<typeof problemWith>[1] = {}): void {
  const problem = problemWith(exchange, options);
  if (problem !== null) throw new Error(problem);
}

export interface FetchRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly label?: string;
}

/** One request with fetch (undici); the label names it in failures without printing a huge body. */
export async function send(
  base: string,
  request: FetchRequest,
  timeoutMs = HUGE_REQUEST_BOUND_MS * 2,
): Promise<Exchange> {
  const started = performance.now();
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  const body = await response.text();
  const length = request.body === undefined ? 0 : Buffer.byteLength(request.body);
  return {
    label:
      request.label ??
      `${request.method} ${request.path.length > 200 ? `${request.path.slice(0, 200)}…` : request.path} (${length} bytes)`,
    method: request.method,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
    ms: performance.now() - started,
  };
}

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Splits what a server wrote on one connection into responses (Content-Length framed; the last may run to the close). */
export function parseResponses(data: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let offset = 0;
  while (offset < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd < 0)
      throw new Error(`an incomplete response head: ${snippet(data.subarray(offset).toString('latin1'))}`);
    const head = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const statusMatch = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
    if (!statusMatch) throw new Error(`not an HTTP response: ${snippet(head[0] ?? '')}`);
    const headers = new Map(
      head
        .slice(1)
        .map(
          (line) =>
            [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const,
        ),
    );
    const length = headers.get('content-length');
    const bodyStart = headEnd + 4;
    const bodyEnd = length !== undefined ? bodyStart + Number(length) : data.length;
    if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
      // Our server answers errors with Content-Length; a chunked answer is read to the end of the connection.
      responses.push({
        status: Number(statusMatch[1]),
        contentType: headers.get('content-type') ?? '',
        body: dechunk(data.subarray(bodyStart)),
      });
      break;
    }
    responses.push({
      status: Number(statusMatch[1]),
      contentType: headers.get('content-type') ?? '',
      body: data.subarray(bodyStart, bodyEnd).toString('utf8'),
    });
    offset = bodyEnd;
  }
  return responses;
}

function dechunk(data: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Writes raw bytes on a fresh connection (for what fetch refuses to send: malformed request lines and headers, bad
 * Content-Length, oversized headers) and reads until the server closes it. Every response on it becomes an exchange.
 */
export async function sendRaw(
  port: number,
  label: string,
  bytes: Buffer,
  timeoutMs = REQUEST_BOUND_MS * 2,
): Promise<Exchange[]> {
  const started = performance.now();
  const data = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `${label}: the server neither answered nor closed within ${timeoutMs} ms (got ${Buffer.concat(chunks).length} bytes)`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that resets after answering has still answered; what it wrote is judged below.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.write(bytes);
  });
  const ms = performance.now() - started;
  if (data.length === 0) throw new Error(`${label}: the server closed the connection without an answer`);
  const method = label.split(' ')[0] ?? '';
  return parseResponses(data).map((response) => ({ label, method, ms, ...response }));
}
