import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly base: string;
  /** The environment it was started with, over this process's. */
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Runs the real `triage serve` (what `npm start` runs) and waits until it prints its address. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const fullEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'serve'], {
    cwd: root,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForOutput = async (pattern: RegExp, wait = timeoutMs) => {
    const deadline = Date.now() + wait;
    for (;;) {
      const match = pattern.exec(stdout + stderr);
      if (match) return match;
      if (child.exitCode !== null)
        throw new Error(`server exited (${child.exitCode}) before printing ${pattern}:\n${stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const match = await waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { child, base: match[1]!, env: fullEnv, stdout: () => stdout, stderr: () => stderr, exited, waitForOutput };
}

/** The shared secret the server checks tokens with: TRIAGE_SHARED_SECRET, else the one it generated into DATA_DIR. */
export function serverSecret(server: ServerProcess): string {
  const fromEnv = server.env.TRIAGE_SHARED_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const stored = JSON.parse(readFileSync(join(server.env.DATA_DIR ?? join(root, 'data'), 'secrets.json'), 'utf8')) as {
    sharedSecret: string;
  };
  return stored.sharedSecret;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A fresh five-minute token for the server, signed here with node:crypto (as `triage token` or Zendesk's proxy would
 * sign one): the server prints none.
 */
export function serverToken(server: ServerProcess): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify({ iss: 'local', iat: now, exp: now + 300 }))}`;
  return `${unsigned}.${createHmac('sha256', serverSecret(server)).update(unsigned).digest('base64url')}`;
}

/**
 * POSTs a triage whose body is only half sent until the server logs `shuttingDown`: the request is in flight when a
 * SIGTERM arrives, and the answer tells whether the server finished it while draining.
 */
export function triageInFlight(
  server: ServerProcess,
  body: string,
  shuttingDown: RegExp,
): Promise<{ status: number; text: string }> {
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const req = request(`${server.base}/v1/triage`, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${serverToken(server)}`,
      },
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
