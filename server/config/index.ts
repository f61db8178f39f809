export {
  loadConfig,
  loadSharedSecret,
  loadMasterKey,
  loadZendeskSettings,
  previewEnabled,
  isLoopbackHost,
  type Config,
  type LoadConfigOptions,
  type LlmPolicy,
  type ZendeskConfig,
} from './load-config.ts';
export { ConfigError } from './errors.ts';
export { zendeskSettings, type ZendeskAuth, type ZendeskConnection } from './zendesk.ts';
export { EnvSchema, type Env } from './env-schema.ts';
export { parseMasterKey, MASTER_KEY_BYTES } from './master-key.ts';
export { resolveMasterKey, resolveSecrets, SECRETS_FILE, type ResolvedSecret, type SecretSource } from './secrets.ts';
