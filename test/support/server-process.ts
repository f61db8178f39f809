import { spawn, type ChildProcess } from 'node:child_process';
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
