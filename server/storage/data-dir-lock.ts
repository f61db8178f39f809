import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hostname } from 'node:os';
import { z } from 'zod';

/** The lock file in an embedded database folder: who has it open. */
export const LOCK_FILE = '.lock';
/** The holder touches its lock this often; a lock from another host untouched for LOCK_STALE_MS is taken over. */
const LOCK_REFRESH_MS = 10_000;
export const LOCK_STALE_MS = 60_000;

const LockHolder = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  command: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

/**
 * Another live process has the embedded database folder open. PGlite keeps the database inside one process, so a
 * second one writing the same files loses acknowledged writes: it is refused instead.
 */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  readonly dataDir: string;
  readonly holder: LockHolder;
  constructor(dataDir: string, holder: LockHolder) {
    const elsewhere = holder.hostname !== hostname();
    super(
      `DATA_DIR ${dataDir} is in use by another process (pid ${holder.pid}${elsewhere ? ` on host ${holder.hostname}` : ''}, "${holder.command}", since ${holder.startedAt}): ` +
        'the embedded database serves one process at a time. Stop that process first, or use PostgreSQL (DATABASE_URL) to run several instances. ' +
        (elsewhere
          ? `A lock from another host (a container that was replaced, a shared folder) is taken over once it has not been refreshed for ${LOCK_STALE_MS / 1000} s; if that host surely no longer uses the folder, delete ${join(dataDir, LOCK_FILE)}.`
          : `If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`),
    );
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

export interface DataDirLock {
  /** Removes the lock file when it is still this lock's; safe to call twice. */
  release(): void;
}

/** What the lock records of the command: the script and its subcommand only (options may hold URLs with passwords). */
function commandName(): string {
  const script = basename(process.argv[1] ?? process.execPath);
  const subcommand = process.argv[2];
  return subcommand && /^[a-z][a-z-]*$/.test(subcommand) ? `${script} ${subcommand}` : script;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded holder, or null when the file is gone or is not a lock this code wrote (then nobody holds it). */
function readHolder(path: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = LockHolder.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * A holder that is gone: a file that is not a lock; on this host, a process that no longer runs, or this process's
 * pid on a lock it does not hold (a restarted container's pid 1); from another host, whose processes cannot be checked
 * from here, a lock its holder stopped refreshing.
 */
function isStale(path: string, holder: LockHolder | null): boolean {
  if (holder === null) return true;
  if (holder.hostname === hostname()) return holder.pid === process.pid ? !held.has(path) : !isAlive(holder.pid);
  try {
    return Date.now() - statSync(path).mtimeMs > LOCK_STALE_MS;
  } catch {
    return true;
  }
}

const held = new Map<string, string>();
let exitHookInstalled = false;

/** A process that exits without closing its store (process.exit, an uncaught error) still leaves the folder free. */
function releaseAllAtExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [path, content] of held) removeIfOurs(path, content);
  });
}

function removeIfOurs(path: string, content: string): void {
  held.delete(path);
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

/** Creates `path` with `content`, failing with EEXIST when it exists; never visible half-written where links work. */
function createExclusive(temporary: string, path: string, content: string): void {
  try {
    linkSync(temporary, path);
  } catch (error) {
    // Some mounted file systems have no hard links: an exclusive create is the next best.
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error;
    writeFileSync(path, content, { flag: 'wx', mode: 0o644 });
  }
}

/**
 * Takes the folder for this process: writes `DATA_DIR/.lock` ({ pid, hostname, startedAt, command }) atomically (a
 * complete temporary file hard-linked into place, which fails when one exists). A lock whose process is gone (killed,
 * crashed) is taken over; a live holder, this process included, gets DataDirLockedError. Released on `release()` and
 * when the process exits.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: commandName(),
  };
  const content = `${JSON.stringify(holder)}\n`;
  const temporary = join(dataDir, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temporary, content, { mode: 0o644 });
  try {
    // Two tries: the second after removing a stale lock. Two processes taking over the same stale lock at the same
    // moment is the one race left; it needs a crash and two starts within a few milliseconds.
    for (let attempt = 0; ; attempt++) {
      try {
        createExclusive(temporary, path, content);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readHolder(path);
      if (attempt > 0 || !isStale(path, current)) {
        if (current === null) throw new Error(`${path} keeps changing; another process is opening ${dataDir}`);
        throw new DataDirLockedError(dataDir, current);
      }
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  } finally {
    unlinkSync(temporary);
  }
  held.set(path, content);
  releaseAllAtExit();
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Removed by hand: the next opener finds the folder free, as whoever removed it meant.
    }
  }, LOCK_REFRESH_MS);
  refresh.unref();
  return {
    release: () => {
      clearInterval(refresh);
      if (held.get(path) === content) removeIfOurs(path, content);
    },
  };
}
