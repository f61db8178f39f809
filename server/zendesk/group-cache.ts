import type { AccountGroup } from '../../src/routing/index.ts';

/** What the cache knows of an installation's groups right now, read without I/O (for /readyz). */
export interface GroupsSnapshot {
  /** The last list read, kept while later reads fail (stale-while-error); null before the first good read. */
  readonly groups: readonly AccountGroup[] | null;
  /** When `groups` was read (the cache's clock, ms). */
  readonly readAt: number | null;
  /** The last read's failure, when it failed after (or without) a good one; null otherwise. */
  readonly error: unknown;
  /** A read is in flight. */
  readonly reading: boolean;
}

/** An installation's groups, read at most once per TTL; concurrent callers share one read. */
export interface GroupCache {
  /**
   * The groups, reading them when the list is stale or missing. A failed read is remembered for `failureTtlMs`: within
   * it, callers get the last good list (or the failure again) without asking Zendesk.
   */
  groups(installation: string, signal?: AbortSignal): Promise<readonly AccountGroup[]>;
  /**
   * What is known now, never waiting: when the list is stale or missing (and no failure is remembered, no read in
   * flight) one read starts in the background.
   */
  snapshot(installation: string): GroupsSnapshot;
  /** Forgets an installation's groups (or all), its remembered failure too, so the next call reads them again. */
  invalidate(installation?: string): void;
}

export interface GroupCacheOptions {
  /** Reads an installation's groups from its account (ZendeskClient.listGroups). */
  readonly load: (installation: string, signal?: AbortSignal) => Promise<readonly AccountGroup[]>;
  /** How long a read list is used; groups change rarely, and a new one shows up within this time. */
  readonly ttlMs?: number;
  /** How long a failed read is remembered before the next read is tried. */
  readonly failureTtlMs?: number;
  readonly now?: () => number;
}

/** Five minutes: an admin who adds a missing group sees /readyz agree soon, and busy queues read groups rarely. */
export const GROUP_CACHE_TTL_MS = 5 * 60_000;
/** A minute: an unreachable Zendesk is asked again soon, but not by every job or open probe in between. */
export const GROUP_CACHE_FAILURE_TTL_MS = 60_000;

interface Entry {
  good: { groups: readonly AccountGroup[]; at: number } | null;
  failure: { error: unknown; at: number } | null;
  read: Promise<readonly AccountGroup[]> | null;
}

/**
 * Per-installation cache of the account's groups with a TTL. A read in flight is shared (a burst of jobs asks Zendesk
 * once); a failed read is remembered for a minute and leaves the last good list in use.
 */
export function groupCache(options: GroupCacheOptions): GroupCache {
  const ttl = options.ttlMs ?? GROUP_CACHE_TTL_MS;
  const failureTtl = options.failureTtlMs ?? GROUP_CACHE_FAILURE_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const entryOf = (installation: string): Entry => {
    let entry = entries.get(installation);
    if (!entry) {
      entry = { good: null, failure: null, read: null };
      entries.set(installation, entry);
    }
    return entry;
  };
  const fresh = (entry: Entry) => entry.good !== null && now() - entry.good.at < ttl;
  const failedRecently = (entry: Entry) => entry.failure !== null && now() - entry.failure.at < failureTtl;

  /** One read per entry at a time; an entry invalidated meanwhile is not written to. */
  const read = (installation: string, entry: Entry, signal?: AbortSignal) => {
    entry.read ??= options
      .load(installation, signal)
      .then(
        (groups) => {
          const frozen = Object.freeze(groups.map((group) => Object.freeze({ ...group })));
          entry.good = { groups: frozen, at: now() };
          entry.failure = null;
          return frozen;
        },
        (error: unknown) => {
          // A caller that gave up is no news about Zendesk.
          if (!signal?.aborted) entry.failure = { error, at: now() };
          if (entry.good) return entry.good.groups;
          throw error;
        },
      )
      .finally(() => {
        entry.read = null;
      });
    return entry.read;
  };

  return {
    async groups(installation, signal) {
      const entry = entryOf(installation);
      if (fresh(entry)) return entry.good!.groups;
      if (failedRecently(entry)) {
        if (entry.good) return entry.good.groups;
        throw entry.failure!.error;
      }
      return read(installation, entry, signal);
    },
    snapshot(installation) {
      const entry = entryOf(installation);
      if (!fresh(entry) && !failedRecently(entry) && !entry.read)
        read(installation, entry).catch(() => {
          // Remembered in the entry; the next snapshot reports it.
        });
      return {
        groups: entry.good?.groups ?? null,
        readAt: entry.good?.at ?? null,
        error: entry.failure?.error ?? null,
        reading: entry.read !== null,
      };
    },
    invalidate(installation) {
      if (installation === undefined) entries.clear();
      else entries.delete(installation);
    },
  };
}

/**
 * Forgets an installation's cached groups when its Zendesk connection changes, wherever it was changed (this
 * instance's admin route, another instance, the `installations` CLI): `changes` is the registry keyring, which sees
 * them all; `digests` is the registry's `zendeskDigests`. Other installations keep their lists (and, during an outage,
 * their last good ones).
 */
export async function forgetGroupsOnConnectionChange(
  cache: Pick<GroupCache, 'invalidate'>,
  changes: { onChange(listener: () => unknown): void },
  digests: () => Promise<ReadonlyMap<string, string>>,
): Promise<void> {
  let known = await digests();
  changes.onChange(async () => {
    const current = await digests();
    for (const installation of new Set([...known.keys(), ...current.keys()]))
      if (known.get(installation) !== current.get(installation)) cache.invalidate(installation);
    known = current;
  });
}
