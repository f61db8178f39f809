import { performance } from 'node:perf_hooks';

/** What the directory needs of a per-installation context (Tenant, or a test double). */
export interface Resident {
  /** Estimated heap bytes it holds now (model, similar index): what the memory budget counts. */
  residentBytes(): number;
  /** Catches up with the store (a newly promoted model, new tickets). */
  refresh(): Promise<void>;
  /** Stops its background work and waits for work in flight; it is not used by the directory afterwards. */
  close(): Promise<void>;
}

/** Aggregates only: never one series per installation (a thousand installations would be a thousand series). */
export interface TenantDirectoryStats {
  readonly resident: number;
  readonly residentBytes: number;
  readonly budgetBytes: number;
  /** Loads since start: completed and failed. */
  readonly loads: number;
  readonly loadFailures: number;
  readonly evictions: number;
  /** Resident contexts in use by a request now (held by `acquire` / `use`). */
  readonly inUse: number;
}

/** Hooks for /metrics: each load's duration (failed ones too) and each eviction. */
export interface TenantDirectoryEvents {
  onLoad?(seconds: number, outcome: 'loaded' | 'failed'): void;
  onEvict?(): void;
  /** A refresh or close that failed; the context stays (refresh) or is dropped anyway (close). */
  onError?(installation: string, stage: 'refresh' | 'close', error: unknown): void;
}

export interface TenantDirectoryOptions<T extends Resident> {
  /** Builds an installation's context, loaded (model and index read from its scoped store). */
  readonly load: (installation: string) => Promise<T>;
  /** Resident contexts are evicted, least recently used first, while their bytes add up to more than this. */
  readonly budgetBytes: number;
  /** Installations never evicted (the zero-config 'default' one); still counted in the budget. */
  readonly pinned?: readonly string[];
  /** Contexts refreshed at once by a polling pass: bounds the store queries a pass makes, however many are resident. */
  readonly refreshConcurrency?: number;
  readonly events?: TenantDirectoryEvents;
}

/** A context held by one request: not evicted until released. */
export interface TenantLease<T> {
  readonly tenant: T;
  /** Idempotent. */
  release(): void;
}

interface Entry<T> {
  readonly tenant: T;
  leases: number;
}

export class TenantDirectoryClosedError extends Error {
  constructor() {
    super('the tenant directory is closed');
    this.name = 'TenantDirectoryClosedError';
  }
}

/**
 * Per-installation contexts, loaded on first use and kept within a memory budget. A first request loads the context
 * once however many arrive together (single flight); a failed load is not cached, so the next request tries again.
 * Resident contexts sit in least-recently-used order; when their estimated bytes pass the budget the least recently
 * used one that is neither pinned nor held by a request is closed and dropped. A held context is only evicted once
 * released (the budget may be exceeded meanwhile): closing one under a request would not break it — its model and
 * index stay readable — but a second request would load a second copy, doubling what the budget is meant to bound.
 *
 * One timer refreshes every resident context in turn (`startPolling`), a few at a time: with a thousand installations,
 * a timer each would send the store a thousand polls per interval whether or not the installations are used;
 * here only resident ones are polled, with bounded concurrency, and a pass still running skips the next tick.
 */
export class TenantDirectory<T extends Resident> {
  private readonly resident = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();
  private readonly pinned: ReadonlySet<string>;
  private readonly concurrency: number;
  private loads = 0;
  private loadFailures = 0;
  private evictions = 0;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: TenantDirectoryOptions<T>) {
    if (!(options.budgetBytes >= 0)) throw new RangeError('budgetBytes must be a number ≥ 0');
    this.pinned = new Set(options.pinned ?? []);
    this.concurrency = Math.max(1, Math.floor(options.refreshConcurrency ?? 4));
  }

  /** Holds the installation's context (loading it on first use) until `release()`. */
  async acquire(installation: string): Promise<TenantLease<T>> {
    if (this.closed) throw new TenantDirectoryClosedError();
    let entry = this.resident.get(installation);
    if (entry) {
      // Most recently used goes last.
      this.resident.delete(installation);
      this.resident.set(installation, entry);
    } else {
      const tenant = await this.loadOnce(installation);
      entry = this.resident.get(installation);
      if (!entry || entry.tenant !== tenant) {
        // Loaded, then evicted before this caller resumed (another caller's budget check): load again.
        return this.acquire(installation);
      }
    }
    const held = entry;
    held.leases++;
    this.enforceBudget();
    let released = false;
    return {
      tenant: held.tenant,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        if (held.leases === 0) this.enforceBudget();
      },
    };
  }

  /** Runs `work` with the installation's context held, releasing it however `work` ends. */
  async use<R>(installation: string, work: (tenant: T) => Promise<R> | R): Promise<R> {
    const lease = await this.acquire(installation);
    try {
      return await work(lease.tenant);
    } finally {
      lease.release();
    }
  }

  /** The installation's context, loaded if need be, not held (it may be evicted once the budget needs the room). */
  async get(installation: string): Promise<T> {
    const lease = await this.acquire(installation);
    lease.release();
    return lease.tenant;
  }

  /** Whether the installation's context is resident now (no load, no change to the LRU order). */
  has(installation: string): boolean {
    return this.resident.has(installation);
  }

  /** Resident installations, least recently used first. */
  residents(): string[] {
    return [...this.resident.keys()];
  }

  stats(): TenantDirectoryStats {
    let residentBytes = 0;
    let inUse = 0;
    for (const entry of this.resident.values()) {
      residentBytes += entry.tenant.residentBytes();
      if (entry.leases > 0) inUse++;
    }
    return {
      resident: this.resident.size,
      residentBytes,
      budgetBytes: this.options.budgetBytes,
      loads: this.loads,
      loadFailures: this.loadFailures,
      evictions: this.evictions,
      inUse,
    };
  }

  /** Drops the installation's context now, held or not (its installation was removed); false when not resident. */
  async evict(installation: string): Promise<boolean> {
    const entry = this.resident.get(installation);
    if (!entry) return false;
    await this.drop(installation, entry);
    return true;
  }

  /**
   * One pass over the resident contexts, `refreshConcurrency` at a time; then the budget is checked again (indexes
   * grow as tickets arrive). A context that fails to refresh stays as it was.
   */
  refreshAll(): Promise<void> {
    this.pass ??= this.refreshPass().finally(() => (this.pass = null));
    return this.pass;
  }

  /** Refreshes resident contexts every `intervalMs` (unref'd); a pass still running skips the tick. */
  startPolling(intervalMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      if (!this.pass) void this.refreshAll();
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops polling, waits for loads and a pass in flight, and closes every context. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.loading.values()]);
    await this.pass;
    await Promise.all([...this.resident].map(([installation, entry]) => this.drop(installation, entry)));
    await Promise.all([...this.closing]);
  }

  private loadOnce(installation: string): Promise<T> {
    let pending = this.loading.get(installation);
    if (!pending) {
      pending = this.load(installation).finally(() => this.loading.delete(installation));
      this.loading.set(installation, pending);
    }
    return pending;
  }

  private async load(installation: string): Promise<T> {
    const started = performance.now();
    let tenant: T;
    try {
      tenant = await this.options.load(installation);
    } catch (error) {
      this.loads++;
      this.loadFailures++;
      this.options.events?.onLoad?.((performance.now() - started) / 1000, 'failed');
      throw error;
    }
    this.loads++;
    this.options.events?.onLoad?.((performance.now() - started) / 1000, 'loaded');
    if (this.closed) {
      await tenant.close().catch((error: unknown) => this.options.events?.onError?.(installation, 'close', error));
      throw new TenantDirectoryClosedError();
    }
    this.resident.set(installation, { tenant, leases: 0 });
    return tenant;
  }

  private enforceBudget(): void {
    let total = 0;
    for (const entry of this.resident.values()) total += entry.tenant.residentBytes();
    if (total <= this.options.budgetBytes) return;
    for (const [installation, entry] of this.resident) {
      if (total <= this.options.budgetBytes) break;
      if (entry.leases > 0 || this.pinned.has(installation)) continue;
      total -= entry.tenant.residentBytes();
      void this.drop(installation, entry);
    }
  }

  /** Out of the map at once (no new request gets it); closed in the background, tracked so `close()` waits for it. */
  private drop(installation: string, entry: Entry<T>): Promise<void> {
    if (this.resident.get(installation) === entry) this.resident.delete(installation);
    this.evictions++;
    this.options.events?.onEvict?.();
    const closing = entry.tenant
      .close()
      .catch((error: unknown) => this.options.events?.onError?.(installation, 'close', error))
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
    return closing;
  }

  private async refreshPass(): Promise<void> {
    const queue = [...this.resident];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [installation, entry] = next;
        // Evicted since the pass began: its store may be closing.
        if (this.resident.get(installation) !== entry) continue;
        try {
          await entry.tenant.refresh();
        } catch (error) {
          this.options.events?.onError?.(installation, 'refresh', error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    this.enforceBudget();
  }
}
