import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly base: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Runs the real `triage serve` (what `npm start` runs) and waits until it prints its address. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForOutput = async (pattern: RegExp, wait = timeoutMs) => {
    const deadline = Date.now() + wait;
    for (;;) {
      const match = pattern.exec(stdout + stderr);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before printing ${pattern}:\n${stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const match = await waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { child, base: match[1]!, stdout: () => stdout, stderr: () => stderr, exited, waitForOutput };
}

/** The token in the curl line the server prints at start: what a newcomer would paste. */
export function printedToken(server: ServerProcess): string {
  const match = /authorization: Bearer ([A-Za-z0-9_.-]+)/.exec(server.stderr());
  if (!match) throw new Error('no curl printed');
  return match[1]!;
}

/**
 * POSTs a triage whose body is only half sent until the server logs `shuttingDown`: the request is in flight when a
 * SIGTERM arrives, and the answer tells whether the server finished it while draining.
 */
export function triageInFlight(server: ServerProcess, body: string, shuttingDown: RegExp): Promise<{ status: number; text: string }> {
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const req = request(`${server.base}/v1/triage`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${printedToken(server)}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.write(body.slice(0, half));
    // A server that exits without logging it ends the connection, and the request fails with that.
    server.waitForOutput(shuttingDown).then(
      () => req.end(body.slice(half)),
      () => undefined,
    );
  });
}
