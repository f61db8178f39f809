import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `triage` CLI in a child process (as a user would), optionally feeding stdin. */
export function runCli(
  args: readonly string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * Runs the same `main` as the `triage` binary, in this process, capturing what it writes: for the many failure cases
 * of a command, each of which would otherwise pay a process start. No stdin (commands read fd 0 directly), and one
 * run at a time (it swaps process.stdout/stderr.write and, for `env`, process.env's values until it returns). Keep a
 * runCli test per command for the real wiring.
 */
export async function runCliInProcess(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<CliRun> {
  const { main } = await import('../../server/cli/index.ts');
  const output = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      output[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  const saved = Object.entries(options.env ?? {}).map(([name, value]) => {
    const before = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    return [name, before] as const;
  });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const code = await main([...args]);
    return { code, ...output };
  } finally {
    for (const spy of spies) spy.mockRestore();
    for (const [name, before] of saved.reverse()) {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  }
}
