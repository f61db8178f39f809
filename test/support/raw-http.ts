import { connect } from 'node:net';

/** What came back on the socket for `request` written as is: status line, headers and body, split. */
export interface RawResponse {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/**
 * Writes `request` byte for byte to host:port and reads until the server closes the connection (or `timeoutMs`):
 * for requests fetch() refuses to send (a bad %-escape, a malformed content-length, 60 KB of headers).
 */
export function rawRequest(base: string, request: string, timeoutMs = 5_000): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const timer = setTimeout(() => socket.destroy(new Error('no answer in time')), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may reset after answering (it destroys the socket on a parse error): keep what arrived.
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: split === -1 ? '' : text.slice(split + 4) });
    });
  });
}
