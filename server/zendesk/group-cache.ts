import type { AccountGroup } from '../../src/routing/index.ts';

/** An installation's groups, read at most once per TTL; concurrent callers share one read. */
export interface GroupCache {
  groups(installation: string, signal?: AbortSignal): Promise<readonly AccountGroup[]>;
  /** Forgets an installation's groups (or all), so the next call reads them again. */
  invalidate(installation?: string): void;
}

export interface GroupCacheOptions {
  /** Reads an installation's groups from its account (ZendeskClient.listGroups). */
  readonly load: (installation: string, signal?: AbortSignal) => Promise<readonly AccountGroup[]>;
  /** How long a read list is used; groups change rarely, and a new one shows up within this time. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** Five minutes: an admin who adds a missing group sees /readyz agree soon, and busy queues read groups rarely. */
export const GROUP_CACHE_TTL_MS = 5 * 60_000;

/**
 * Per-installation cache of the account's groups with a TTL. A failed read is not cached (the next call tries again);
 * a read in flight is shared, so a burst of jobs asks Zendesk once.
 */
export function groupCache(options: GroupCacheOptions): GroupCache {
  const ttl = options.ttlMs ?? GROUP_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; read: Promise<readonly AccountGroup[]> }>();
  return {
    groups(installation, signal) {
      const entry = entries.get(installation);
      if (entry && now() - entry.at < ttl) return entry.read;
      const read = options.load(installation, signal).then(
        (groups) => Object.freeze(groups.map((group) => Object.freeze({ ...group }))),
        (error: unknown) => {
          if (entries.get(installation)?.read === read) entries.delete(installation);
          throw error;
        },
      );
      entries.set(installation, { at: now(), read });
      return read;
    },
    invalidate(installation) {
      if (installation === undefined) entries.clear();
      else entries.delete(installation);
    },
  };
}
