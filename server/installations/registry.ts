import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_INSTALLATION_ID, subdomainOfIssuer, type InstallationKeys } from '../auth/index.ts';
import { parseTaxonomy, TaxonomyError } from '../../src/taxonomy/index.ts';
import type { ZendeskConnection } from '../config/index.ts';
import { ValidationError } from '../errors.ts';
import { sha256Hex } from '../sha256-hex.ts';
import type { InstallationRecord, InstallationRegistryStore } from '../storage/index.ts';
import {
  DefaultInstallationError,
  InstallationExistsError,
  InstallationNotFoundError,
  InstallationTaxonomyInvalidError,
  MasterKeyMissingError,
  SealedSecretsInvalidError,
} from './errors.ts';
import type { PurgeInstallation } from './purge.ts';
import type { Sealer } from './seal.ts';

/** How long the secret before a rotation stays valid, so the app's setting can be updated meanwhile. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 3600_000;
/** A given shared secret: at least this long (a generated one is 32 random bytes, 43 characters). */
export const MIN_SHARED_SECRET_LENGTH = 32;
const MAX_SHARED_SECRET_LENGTH = 256;

/** What an installation's row seals: never returned by a route after creation, never logged. */
const InstallationSecrets = z.object({
  sharedSecret: z.string().min(1),
  /** The secret before the last rotation and until when it is accepted (ISO). */
  previous: z.object({ sharedSecret: z.string().min(1), validUntil: z.string() }).nullable(),
  /**
   * The account's API connection (history import, background triage's write-back); null until configured. Nothing
   * wrote this field before it took this shape (every row sealed null), so no older shape needs reading.
   */
  zendeskApi: z
    .object({
      url: z.string(),
      auth: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('api-token'), email: z.string().min(1), apiToken: z.string().min(1) }),
        z.object({ kind: z.literal('oauth'), accessToken: z.string().min(1) }),
      ]),
    })
    // Checked against the one ZendeskConnection type: what it requires and this lacks fails to compile.
    .nullable() satisfies z.ZodType<ZendeskConnection | null>,
  /** Zendesk's webhook signing secret for this account; null until configured. */
  webhookSecret: z.string().nullable(),
});
export type InstallationSecrets = z.infer<typeof InstallationSecrets>;

/** What the registered installations' rows and secrets give, as #installations reads them. */
interface InstallationsSnapshot {
  readonly taxonomies: ReadonlyMap<string, string>;
  /** Null without a master key (and some installation to open). */
  readonly opened: {
    readonly keys: readonly InstallationKeys[];
    readonly unreadable: readonly { subdomain: string; code: string }[];
    readonly zendeskDigests: ReadonlyMap<string, string>;
  } | null;
}

/** An installation as listed: never its secrets. The default one has no subdomain and no row. */
export interface InstallationSummary {
  readonly id: string;
  readonly subdomain: string | null;
  readonly default: boolean;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

/** An installation's Zendesk connection as the admin sees it: where and as whom, never a token. */
export interface ZendeskConnectionView {
  readonly id: string;
  readonly subdomain: string;
  readonly connected: boolean;
  readonly url: string | null;
  readonly auth: 'api-token' | 'oauth' | null;
  readonly email: string | null;
  /** Whether background triage writes to its tickets; null follows TRIAGE_WRITE_BACK. */
  readonly writeBack: boolean | null;
}

/** An installation's Zendesk connection with its credentials, for the server's own use (never answered, never logged). */
export interface InstallationZendesk {
  readonly id: string;
  readonly subdomain: string;
  readonly connection: ZendeskConnection | null;
  readonly writeBack: boolean | null;
}

export interface InstallationRegistryOptions {
  /** Seals and opens secrets; null without TRIAGE_MASTER_KEY (adding, rotating and loading keys then fail saying so). */
  readonly sealer: Sealer | null;
  /** The default installation's secret, when known: a registered one may not reuse it. */
  readonly defaultSecret: string | null;
  readonly rotationGraceMs?: number;
  readonly now?: () => Date;
}

const DEFAULT_SUMMARY: InstallationSummary = Object.freeze({
  id: DEFAULT_INSTALLATION_ID,
  subdomain: null,
  default: true,
  createdAt: null,
  updatedAt: null,
});

const summaryOf = (record: InstallationRecord): InstallationSummary => ({
  id: record.id,
  subdomain: record.subdomain,
  default: false,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

/** The settings key holding an installation's own taxonomy YAML (absent: the shared file). */
const TAXONOMY_SETTING = 'taxonomy';
/** Far above any real taxonomy (the shipped one is a few KB); a bound on what each instance parses and holds. */
export const MAX_TAXONOMY_BYTES = 256 * 1024;

/** The settings key of an installation's write-back switch (absent: TRIAGE_WRITE_BACK decides). */
const WRITE_BACK_SETTING = 'writeBack';
const writeBackOf = (settings: Readonly<Record<string, unknown>>): boolean | null => {
  const value = settings[WRITE_BACK_SETTING];
  return typeof value === 'boolean' ? value : null;
};

const withoutSetting = (settings: Readonly<Record<string, unknown>>, name: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(settings).filter(([key]) => key !== name));

const taxonomyText = (settings: Readonly<Record<string, unknown>>): string | null => {
  const value = settings[TAXONOMY_SETTING];
  return typeof value === 'string' ? value : null;
};

const generateSecret = () => randomBytes(32).toString('base64url');

/**
 * The installations one backend serves: the default one from the environment, and registered Zendesk accounts, each
 * with its own shared secret sealed in the database. Listeners (the in-memory keyring) hear of every change made here,
 * so a change works at once on this instance; other instances poll the store's marker.
 */
export class InstallationRegistry {
  readonly #store: InstallationRegistryStore;
  readonly #options: InstallationRegistryOptions;
  readonly #listeners: Array<() => unknown> = [];
  /** The last read of every installation, and the store marker it was read at (see #installations). */
  #snapshot: { readonly marker: string; readonly read: Promise<InstallationsSnapshot> } | null = null;

  constructor(store: InstallationRegistryStore, options: InstallationRegistryOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Called (and awaited) after every add, rotation, removal and settings change made through this registry. */
  subscribe(listener: () => unknown): void {
    this.#listeners.push(listener);
  }

  /** Registers a Zendesk account; its shared secret is generated unless given, and returned only here. */
  async add(input: { subdomain: string; sharedSecret?: string | undefined }): Promise<{
    id: string;
    subdomain: string;
    sharedSecret: string;
  }> {
    const subdomain = this.#subdomain(input.subdomain);
    if (subdomain === DEFAULT_INSTALLATION_ID)
      throw new ValidationError(
        'subdomain',
        `"${DEFAULT_INSTALLATION_ID}" names the default installation; pick another`,
      );
    const sharedSecret = input.sharedSecret === undefined ? generateSecret() : this.#checkSecret(input.sharedSecret);
    if (await this.#store.installationBySubdomain(subdomain)) throw new InstallationExistsError(subdomain);
    const sealer = this.#sealer();
    const id = `inst_${randomBytes(8).toString('hex')}`;
    const secrets: InstallationSecrets = { sharedSecret, previous: null, zendeskApi: null, webhookSecret: null };
    const added = await this.#store.addInstallation({
      id,
      subdomain,
      secrets: sealer.seal(JSON.stringify(secrets), id),
    });
    if (!added) throw new InstallationExistsError(subdomain);
    await this.#changed();
    return { id, subdomain, sharedSecret };
  }

  /** The default installation first, then the registered ones by subdomain; never a secret. */
  async list(): Promise<InstallationSummary[]> {
    return [DEFAULT_SUMMARY, ...(await this.#store.listInstallations()).map(summaryOf)];
  }

  /** One installation by subdomain; `default` names the default installation. */
  async get(subdomainInput: string): Promise<InstallationSummary> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) return DEFAULT_SUMMARY;
    return summaryOf(await this.#record(subdomain));
  }

  /**
   * A new shared secret, returned once; the previous one stays valid for the grace period (one previous at a time: a
   * second rotation within the grace ends the first one's).
   */
  async rotate(subdomainInput: string): Promise<{ sharedSecret: string; previousValidUntil: string }> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('rotated');
    const record = await this.#record(subdomain);
    const now = this.#options.now?.() ?? new Date();
    const previousValidUntil = new Date(
      now.getTime() + (this.#options.rotationGraceMs ?? DEFAULT_ROTATION_GRACE_MS),
    ).toISOString();
    const sharedSecret = generateSecret();
    await this.#update(record, {
      secrets: (secrets) => ({
        ...secrets,
        sharedSecret,
        previous: { sharedSecret: secrets.sharedSecret, validUntil: previousValidUntil },
      }),
    });
    return { sharedSecret, previousValidUntil };
  }

  /**
   * Removes an installation and its data. `purge` runs before the row goes (a failure leaves everything in place, to
   * retry) and once after (rows written meanwhile by a request verified just before); the counts are the sum.
   */
  async remove(
    subdomainInput: string,
    purge: PurgeInstallation,
  ): Promise<{ id: string; subdomain: string; deleted: Record<string, number> }> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('removed');
    const record = await this.#record(subdomain);
    const before = await purge(record.id);
    const removed = await this.#store.removeInstallation(record.id);
    if (removed) await this.#changed();
    const after = await purge(record.id);
    const deleted: Record<string, number> = { ...before };
    for (const [table, count] of Object.entries(after)) deleted[table] = (deleted[table] ?? 0) + count;
    return { id: record.id, subdomain: record.subdomain, deleted };
  }

  /**
   * Gives an installation its own taxonomy: the YAML is parsed and validated first (an invalid one is refused with the
   * parser's message, the key at fault named, and nothing is stored), then kept as given in the installation's
   * settings. Every instance follows within TRIAGE_SYNC_INTERVAL_MS; this one at once.
   */
  async setTaxonomy(
    subdomainInput: string,
    yamlText: string,
  ): Promise<{ id: string; subdomain: string; version: string; labels: number }> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('given a taxonomy');
    if (Buffer.byteLength(yamlText, 'utf8') > MAX_TAXONOMY_BYTES)
      throw new InstallationTaxonomyInvalidError(
        `taxonomy: larger than ${MAX_TAXONOMY_BYTES / 1024} KB; a taxonomy is a list of labels, not data`,
      );
    let parsed;
    try {
      parsed = parseTaxonomy(yamlText, 'taxonomy');
    } catch (error) {
      if (error instanceof TaxonomyError) throw new InstallationTaxonomyInvalidError(error.message, error);
      throw error;
    }
    const record = await this.#record(subdomain);
    await this.#update(record, { settings: { ...record.settings, [TAXONOMY_SETTING]: yamlText } });
    return { id: record.id, subdomain: record.subdomain, version: parsed.version, labels: parsed.labels.length };
  }

  /** The installation goes back to the shared taxonomy file; true when it had a taxonomy of its own. */
  async clearTaxonomy(subdomainInput: string): Promise<{ id: string; subdomain: string; cleared: boolean }> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('given a taxonomy');
    const record = await this.#record(subdomain);
    if (taxonomyText(record.settings) === null) return { id: record.id, subdomain: record.subdomain, cleared: false };
    await this.#update(record, { settings: withoutSetting(record.settings, TAXONOMY_SETTING) });
    return { id: record.id, subdomain: record.subdomain, cleared: true };
  }

  /** An installation's own taxonomy YAML by its id; null when it uses the shared file (the default one always does). */
  async taxonomyOf(id: string): Promise<string | null> {
    if (id === DEFAULT_INSTALLATION_ID) return null;
    const record = await this.#store.getInstallation(id);
    return record ? taxonomyText(record.settings) : null;
  }

  /** The same by subdomain, for the admin surface: an unknown subdomain is INSTALLATION_NOT_FOUND. */
  async taxonomyBySubdomain(
    subdomainInput: string,
  ): Promise<{ id: string; subdomain: string | null; taxonomy: string | null }> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) return { id: DEFAULT_INSTALLATION_ID, subdomain: null, taxonomy: null };
    const record = await this.#record(subdomain);
    return { id: record.id, subdomain: record.subdomain, taxonomy: taxonomyText(record.settings) };
  }

  /** Every registered installation's own taxonomy YAML by id (those on the shared file are absent). */
  async taxonomies(): Promise<Map<string, string>> {
    return new Map((await this.#installations()).taxonomies);
  }

  /**
   * A digest of each registered installation's Zendesk connection (URL and credentials; none without one), so a cache
   * of an account's data (its groups) can tell whose account changed. Installations whose secrets do not open are left
   * out (`keys` reports them).
   */
  async zendeskDigests(): Promise<Map<string, string>> {
    return new Map(this.#opened(await this.#installations()).zendeskDigests);
  }

  /**
   * The installation a webhook URL names and its Zendesk webhook signing secret (null until set). The default
   * installation's comes from the environment (TRIAGE_WEBHOOK_SECRET), not from here.
   */
  async webhookSecret(subdomainInput: string): Promise<{ id: string; secret: string | null }> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('given a webhook secret');
    const record = await this.#record(subdomain);
    return { id: record.id, secret: this.#open(this.#sealer(), record).webhookSecret };
  }

  /** Sets (or, with null, clears) the signing secret of the installation's Zendesk webhook. */
  async setWebhookSecret(subdomainInput: string, secret: string | null): Promise<void> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('given a webhook secret');
    if (secret !== null && (secret.length < 16 || secret.length > MAX_SHARED_SECRET_LENGTH))
      throw new ValidationError(
        'webhookSecret',
        `must be 16 to ${MAX_SHARED_SECRET_LENGTH} characters: the signing secret Zendesk shows for the webhook`,
      );
    const record = await this.#record(subdomain);
    await this.#update(record, { secrets: (secrets) => ({ ...secrets, webhookSecret: secret }) });
  }

  /**
   * Sets (or, with null, clears) the installation's Zendesk API connection, sealed with its other secrets, and its
   * write-back switch (null: follow TRIAGE_WRITE_BACK). What is left out stays as it was. The URL is checked and kept
   * as its origin; tokens are checked for shape only (Zendesk itself says whether they work).
   */
  async setZendesk(
    subdomainInput: string,
    change: { connection?: ZendeskConnection | null; writeBack?: boolean | null },
  ): Promise<ZendeskConnectionView> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('given Zendesk credentials');
    const connection = change.connection === undefined ? undefined : checkConnection(change.connection);
    const { writeBack } = change;
    let record = await this.#record(subdomain);
    if (connection !== undefined || writeBack !== undefined) {
      const rest = withoutSetting(record.settings, WRITE_BACK_SETTING);
      await this.#update(record, {
        ...(connection === undefined ? {} : { secrets: (secrets) => ({ ...secrets, zendeskApi: connection }) }),
        ...(writeBack === undefined
          ? {}
          : { settings: writeBack === null ? rest : { ...rest, [WRITE_BACK_SETTING]: writeBack } }),
      });
      record = await this.#record(subdomain);
    }
    return viewOf(this.#zendeskOf(record));
  }

  /** The installation's Zendesk connection as the admin sees it (no token). */
  async zendeskView(subdomainInput: string): Promise<ZendeskConnectionView> {
    return viewOf(await this.zendeskBySubdomain(subdomainInput));
  }

  /** The installation's Zendesk connection with its credentials, by subdomain: for the import command and route. */
  async zendeskBySubdomain(subdomainInput: string): Promise<InstallationZendesk> {
    const subdomain = this.#subdomain(subdomainInput);
    if (subdomain === DEFAULT_INSTALLATION_ID) throw new DefaultInstallationError('given Zendesk credentials');
    return this.#zendeskOf(await this.#record(subdomain));
  }

  /** The same by installation id: for background triage's jobs, which carry the id. */
  async zendeskOf(id: string): Promise<InstallationZendesk> {
    const record = await this.#store.getInstallation(id);
    if (!record) throw new InstallationNotFoundError(id);
    return this.#zendeskOf(record);
  }

  #zendeskOf(record: InstallationRecord): InstallationZendesk {
    const { zendeskApi } = this.#open(this.#sealer(), record);
    return {
      id: record.id,
      subdomain: record.subdomain,
      connection: zendeskApi,
      writeBack: writeBackOf(record.settings),
    };
  }

  /** Changes whenever an installation is added, rotated or removed, on any instance. */
  marker(): Promise<string> {
    return this.#store.installationsMarker();
  }

  /**
   * Every registered installation's keys, unsealed, for the in-memory keyring. An installation whose secrets do not
   * open is left out and named in `unreadable` (its tokens are refused) rather than failing all the others. `marker`:
   * the store's marker the caller has just read (the keyring), so it is not read twice.
   */
  async keys(
    marker?: string,
  ): Promise<{ keys: InstallationKeys[]; unreadable: { subdomain: string; code: string }[] }> {
    const { keys, unreadable } = this.#opened(await this.#installations(marker));
    return { keys: [...keys], unreadable: [...unreadable] };
  }

  /**
   * What every registered installation's row and secrets give, read once per change of the store's marker: a change
   * is followed by the keyring's keys, the taxonomies and the Zendesk digests, and all three come from one list and
   * one opening of each row's secrets. Only what they need is kept, never a Zendesk token.
   */
  async #installations(markerRead?: string): Promise<InstallationsSnapshot> {
    // The marker is read before the rows: a change between the two reads is read again on the next call.
    const marker = markerRead ?? (await this.#store.installationsMarker());
    if (this.#snapshot?.marker === marker) return this.#snapshot.read;
    const read = this.#readInstallations();
    this.#snapshot = { marker, read };
    read.catch(() => {
      if (this.#snapshot?.read === read) this.#snapshot = null;
    });
    return read;
  }

  async #readInstallations(): Promise<InstallationsSnapshot> {
    const records = await this.#store.listInstallations();
    const taxonomies = new Map<string, string>();
    for (const record of records) {
      const text = taxonomyText(record.settings);
      if (text !== null) taxonomies.set(record.id, text);
    }
    if (records.length === 0) return { taxonomies, opened: { keys: [], unreadable: [], zendeskDigests: new Map() } };
    // Without a master key the taxonomies are still read; the keys and digests say it is missing.
    const sealer = this.#options.sealer;
    if (sealer === null) return { taxonomies, opened: null };
    const keys: InstallationKeys[] = [];
    const unreadable: { subdomain: string; code: string }[] = [];
    const zendeskDigests = new Map<string, string>();
    for (const record of records) {
      let secrets: InstallationSecrets;
      try {
        secrets = this.#open(sealer, record);
      } catch (error) {
        // Its tokens are refused, and its account cannot be read either.
        unreadable.push({ subdomain: record.subdomain, code: (error as { code?: string }).code ?? 'UNKNOWN' });
        continue;
      }
      keys.push({
        id: record.id,
        subdomain: record.subdomain,
        sharedSecret: secrets.sharedSecret,
        previous: secrets.previous
          ? { sharedSecret: secrets.previous.sharedSecret, validUntilMs: Date.parse(secrets.previous.validUntil) }
          : null,
      });
      if (secrets.zendeskApi) zendeskDigests.set(record.id, sha256Hex(JSON.stringify(secrets.zendeskApi)));
    }
    return { taxonomies, opened: { keys, unreadable, zendeskDigests } };
  }

  #opened(snapshot: InstallationsSnapshot): NonNullable<InstallationsSnapshot['opened']> {
    if (snapshot.opened === null) throw new MasterKeyMissingError();
    return snapshot.opened;
  }

  async #record(subdomain: string): Promise<InstallationRecord> {
    const record = await this.#store.installationBySubdomain(subdomain);
    if (!record) throw new InstallationNotFoundError(subdomain);
    return record;
  }

  #subdomain(input: string): string {
    const subdomain = subdomainOfIssuer(input);
    if (subdomain === null)
      throw new ValidationError(
        'subdomain',
        'must be a Zendesk subdomain: letters, digits and hyphens, at most 63 (acme, or acme.zendesk.com)',
      );
    return subdomain;
  }

  #checkSecret(secret: string): string {
    if (secret.length < MIN_SHARED_SECRET_LENGTH || secret.length > MAX_SHARED_SECRET_LENGTH)
      throw new ValidationError(
        'sharedSecret',
        `must be ${MIN_SHARED_SECRET_LENGTH} to ${MAX_SHARED_SECRET_LENGTH} characters; leave it out to have one generated`,
      );
    if (!/^[\x21-\x7e]+$/.test(secret))
      throw new ValidationError(
        'sharedSecret',
        'must be printable ASCII without spaces; leave it out to have one generated',
      );
    if (secret === this.#options.defaultSecret)
      throw new ValidationError(
        'sharedSecret',
        "is the default installation's secret; every installation needs its own",
      );
    return secret;
  }

  #sealer(): Sealer {
    if (this.#options.sealer === null) throw new MasterKeyMissingError();
    return this.#options.sealer;
  }

  #open(sealer: Sealer, record: InstallationRecord): InstallationSecrets {
    const text = sealer.open(record.secrets, record.id);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SealedSecretsInvalidError(error);
    }
    const parsed = InstallationSecrets.safeParse(value);
    if (!parsed.success) throw new SealedSecretsInvalidError();
    return parsed.data;
  }

  /**
   * The one way a registered installation changes: its secrets opened, changed and sealed again, and/or its settings
   * replaced, then every listener told once. A row gone meanwhile is INSTALLATION_NOT_FOUND.
   */
  async #update(
    record: InstallationRecord,
    change: {
      secrets?: (secrets: InstallationSecrets) => InstallationSecrets;
      settings?: Record<string, unknown>;
    },
  ): Promise<void> {
    if (change.secrets !== undefined) {
      const sealer = this.#sealer();
      const secrets = change.secrets(this.#open(sealer, record));
      if (!(await this.#store.updateInstallationSecrets(record.id, sealer.seal(JSON.stringify(secrets), record.id))))
        throw new InstallationNotFoundError(record.subdomain);
    }
    if (change.settings !== undefined && !(await this.#store.updateInstallationSettings(record.id, change.settings)))
      throw new InstallationNotFoundError(record.subdomain);
    await this.#changed();
  }

  async #changed(): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await listener();
      } catch {
        // A listener that failed (the keyring's database read) catches up by its own polling.
      }
    }
  }
}

const viewOf = (zendesk: InstallationZendesk): ZendeskConnectionView => ({
  id: zendesk.id,
  subdomain: zendesk.subdomain,
  connected: zendesk.connection !== null,
  url: zendesk.connection?.url ?? null,
  auth: zendesk.connection?.auth.kind ?? null,
  email: zendesk.connection?.auth.kind === 'api-token' ? zendesk.connection.auth.email : null,
  writeBack: zendesk.writeBack,
});

const TOKEN = /^[\x21-\x7e]{8,512}$/;

/** A connection as stored: the URL's origin (http(s), no path), an email that looks like one, tokens without spaces. */
function checkConnection(connection: ZendeskConnection | null): ZendeskConnection | null {
  if (connection === null) return null;
  let url: URL;
  try {
    url = new URL(connection.url);
  } catch {
    throw new ValidationError('url', "must be the account's address, e.g. https://acme.zendesk.com");
  }
  // The API token travels in every request: plain http only to this machine (a local Zendesk in tests).
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback)
    throw new ValidationError('url', 'must use https (http only to this machine), e.g. https://acme.zendesk.com');
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.username !== '' ||
    url.password !== ''
  )
    throw new ValidationError('url', "must be the account's address, e.g. https://acme.zendesk.com (no path)");
  const { auth } = connection;
  if (auth.kind === 'oauth') {
    if (!TOKEN.test(auth.accessToken))
      throw new ValidationError('oauthToken', 'must be a Zendesk OAuth access token (8 to 512 characters, no spaces)');
    return { url: url.origin, auth: { kind: 'oauth', accessToken: auth.accessToken } };
  }
  if (!/^[^\s@]{1,200}@[^\s@]{1,200}$/.test(auth.email))
    throw new ValidationError('email', 'must be the email of the Zendesk user the API token belongs to');
  if (!TOKEN.test(auth.apiToken))
    throw new ValidationError('apiToken', 'must be a Zendesk API token (8 to 512 characters, no spaces)');
  return { url: url.origin, auth: { kind: 'api-token', email: auth.email, apiToken: auth.apiToken } };
}
