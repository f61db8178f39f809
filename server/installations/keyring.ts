import type { InstallationKeyring, InstallationKeys } from '../auth/index.ts';
import type { InstallationRegistry } from './registry.ts';

/** An unknown `iss` reloads the registry at most this often (per instance). */
export const UNKNOWN_ISSUER_REFRESH_MS = 1000;

export interface RegistryKeyringOptions {
  /** How often the store's marker is polled (TRIAGE_SYNC_INTERVAL_MS). */
  readonly intervalMs: number;
  readonly now?: () => number;
  /** A poll that failed (the database unreachable): the keys loaded before stay in use. */
  readonly onError?: (error: unknown) => void;
  /** Installations whose secrets do not open (a wrong master key): their tokens are refused until fixed. */
  readonly onUnreadable?: (installations: readonly { subdomain: string; code: string }[]) => void;
}

/**
 * The registered installations' keys in memory, so verifying a token stays synchronous: reloaded when the store's
 * marker moves (polled every `intervalMs`, and at most once a second when a token names an unknown issuer), and at
 * once after a change made through this instance's registry. A removed or rotated installation thus stops working
 * within `intervalMs` on every instance.
 */
export class RegistryKeyring implements InstallationKeyring {
  readonly #registry: Pick<InstallationRegistry, 'marker' | 'keys'>;
  readonly #options: RegistryKeyringOptions;
  #bySubdomain = new Map<string, InstallationKeys>();
  #marker: string | null = null;
  #lastAttemptMs = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<boolean> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #listeners: Array<() => unknown> = [];

  constructor(registry: Pick<InstallationRegistry, 'marker' | 'keys'>, options: RegistryKeyringOptions) {
    this.#registry = registry;
    this.#options = options;
  }

  get size(): number {
    return this.#bySubdomain.size;
  }

  bySubdomain(subdomain: string): InstallationKeys | undefined {
    return this.#bySubdomain.get(subdomain);
  }

  /**
   * Called (and awaited) after every load that found the installations changed, on this instance's own changes and on
   * other instances' alike: what follows installation settings (each one's taxonomy) hooks here. A listener that
   * throws leaves the change unrecorded, so the next poll loads it again.
   */
  onChange(listener: () => unknown): void {
    this.#listeners.push(listener);
  }

  /** Loads now (joining a load in flight); true when the installations changed since the last load. */
  refresh(): Promise<boolean> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async refreshSoon(): Promise<boolean> {
    if (this.#inFlight === null && this.#now() - this.#lastAttemptMs < UNKNOWN_ISSUER_REFRESH_MS) return false;
    try {
      return await this.refresh();
    } catch (error) {
      this.#options.onError?.(error);
      return false;
    }
  }

  /** The first load (its failure is the caller's: a server should not start without its installations), then polling. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer ??= setInterval(() => {
      this.refresh().catch((error: unknown) => this.#options.onError?.(error));
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #load(): Promise<boolean> {
    this.#lastAttemptMs = this.#now();
    // The marker is read before the keys: a change between the two reads is loaded again on the next poll.
    const marker = await this.#registry.marker();
    if (marker === this.#marker) return false;
    const { keys, unreadable } = await this.#registry.keys(marker);
    this.#bySubdomain = new Map(keys.map((entry) => [entry.subdomain, entry]));
    if (unreadable.length > 0) this.#options.onUnreadable?.(unreadable);
    for (const listener of this.#listeners) await listener();
    this.#marker = marker;
    return true;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}
