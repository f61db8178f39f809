export {
  InstallationRegistry,
  DEFAULT_ROTATION_GRACE_MS,
  MIN_SHARED_SECRET_LENGTH,
  MAX_TAXONOMY_BYTES,
  type InstallationRegistryOptions,
  type InstallationSecrets,
  type InstallationSummary,
  type InstallationZendesk,
  type ZendeskConnectionView,
} from './registry.ts';
export { RegistryKeyring, UNKNOWN_ISSUER_REFRESH_MS, type RegistryKeyringOptions } from './keyring.ts';
export { Sealer } from './seal.ts';
export { storePurge, type PurgeInstallation } from './purge.ts';
export {
  DefaultInstallationError,
  InstallationExistsError,
  InstallationNotFoundError,
  InstallationTaxonomyInvalidError,
  MasterKeyMismatchError,
  MasterKeyMissingError,
  SealedSecretsInvalidError,
  ZendeskNotConfiguredError,
} from './errors.ts';
export { sealerFromConfig } from './sealer-from-config.ts';
export { startInstallations, type StartInstallationsOptions } from './start.ts';
