import type { InstallationRegistryStore } from '../storage/index.ts';
import { RegistryKeyring } from './keyring.ts';
import { InstallationRegistry } from './registry.ts';
import type { Sealer } from './seal.ts';

export interface StartInstallationsOptions {
  readonly sealer: Sealer | null;
  /** The default installation's secret (TRIAGE_SHARED_SECRET). */
  readonly defaultSecret: string;
  /** TRIAGE_SYNC_INTERVAL_MS: how often other instances' changes are picked up. */
  readonly syncIntervalMs: number;
  readonly rotationGraceMs?: number;
  readonly onError?: (error: unknown) => void;
  readonly onUnreadable?: (installations: readonly { subdomain: string; code: string }[]) => void;
}

/**
 * The registry and its keyring, loaded and polling; changes made through this registry reach the keyring before
 * they are answered. Throws when the installations cannot be loaded (the database, or a registry with no master key).
 */
export async function startInstallations(
  store: InstallationRegistryStore,
  options: StartInstallationsOptions,
): Promise<{ registry: InstallationRegistry; keyring: RegistryKeyring }> {
  const registry = new InstallationRegistry(store, {
    sealer: options.sealer,
    defaultSecret: options.defaultSecret,
    ...(options.rotationGraceMs === undefined ? {} : { rotationGraceMs: options.rotationGraceMs }),
  });
  const keyring = new RegistryKeyring(registry, {
    intervalMs: options.syncIntervalMs,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onUnreadable ? { onUnreadable: options.onUnreadable } : {}),
  });
  registry.subscribe(() => keyring.refresh());
  await keyring.start();
  return { registry, keyring };
}
