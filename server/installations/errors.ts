import { ApiError } from '../errors.ts';

export class InstallationExistsError extends ApiError {
  constructor(subdomain: string) {
    super(
      'INSTALLATION_EXISTS',
      409,
      `an installation is registered for ${subdomain} already; rotate its secret, or remove it first to start over`,
    );
    this.name = 'InstallationExistsError';
  }
}

export class InstallationNotFoundError extends ApiError {
  constructor(subdomain: string) {
    super('INSTALLATION_NOT_FOUND', 404, `no installation is registered for ${subdomain}`);
    this.name = 'InstallationNotFoundError';
  }
}

/** The default installation lives in the environment, not in the registry. */
export class DefaultInstallationError extends ApiError {
  constructor(
    action: 'removed' | 'rotated' | 'given a taxonomy' | 'given a webhook secret' | 'given Zendesk credentials',
  ) {
    super(
      'DEFAULT_INSTALLATION',
      409,
      action === 'given a taxonomy'
        ? 'the default installation keeps the taxonomy file: edit the file TRIAGE_TAXONOMY names (config/taxonomy.yaml unless set); it is reloaded on save'
        : action === 'given a webhook secret'
          ? 'the default installation comes from the environment and cannot be given a webhook secret here; set TRIAGE_WEBHOOK_SECRET and restart instead'
          : action === 'given Zendesk credentials'
            ? 'the default installation comes from the environment: set ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN), and TRIAGE_WRITE_BACK, and restart instead'
            : `the default installation comes from the environment and cannot be ${action} here; change TRIAGE_SHARED_SECRET (or DATA_DIR/secrets.json) and restart instead`,
    );
    this.name = 'DefaultInstallationError';
  }
}

/** No TRIAGE_MASTER_KEY: registered installations' secrets can be neither sealed nor opened. */
export class MasterKeyMissingError extends ApiError {
  constructor() {
    super(
      'MASTER_KEY_MISSING',
      500,
      'TRIAGE_MASTER_KEY is not set: set it to the same 32-byte key on every instance (`openssl rand -base64 32`) to register installations',
    );
    this.name = 'MasterKeyMissingError';
  }
}

/** Secrets sealed under another master key than this server's: the key ids say which. */
export class MasterKeyMismatchError extends ApiError {
  constructor(sealedWith: string, current: string) {
    super(
      'MASTER_KEY_MISMATCH',
      500,
      `these secrets were sealed with master key ${sealedWith}, but this server's TRIAGE_MASTER_KEY is ${current}; set the key the installations were registered with`,
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/** Sealed secrets that do not open with the right key: altered, or copied from another installation's row. */
export class SealedSecretsInvalidError extends ApiError {
  constructor(cause?: unknown) {
    super(
      'SEALED_SECRETS_INVALID',
      500,
      'the stored secrets do not open: they were altered or belong to another installation; remove the installation and add it again',
      { cause },
    );
    this.name = 'SealedSecretsInvalidError';
  }
}

/** Taxonomy YAML an admin gave for an installation that does not parse or validate: nothing was stored. */
export class InstallationTaxonomyInvalidError extends ApiError {
  constructor(message: string, cause?: unknown) {
    super('TAXONOMY_INVALID', 400, message, { cause });
    this.name = 'InstallationTaxonomyInvalidError';
  }
}

/** An installation without Zendesk API credentials was asked to read or write its Zendesk account. */
export class ZendeskNotConfiguredError extends ApiError {
  constructor(subdomain: string | null) {
    super(
      'ZENDESK_NOT_CONFIGURED',
      409,
      subdomain === null
        ? 'the default installation has no Zendesk API credentials: set ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)'
        : `${subdomain} has no Zendesk API credentials: set them with \`triage installations zendesk ${subdomain} --url … --email … --api-token\` or PUT /v1/admin/installations/${subdomain}/zendesk`,
    );
    this.name = 'ZendeskNotConfiguredError';
  }
}
