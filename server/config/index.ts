export {
  loadConfig,
  loadSharedSecret,
  previewEnabled,
  isLoopbackHost,
  type Config,
  type LoadConfigOptions,
  type LlmPolicy,
} from './load-config.ts';
export { ConfigError } from './errors.ts';
export { EnvSchema, type Env } from './env-schema.ts';
export { resolveSecrets, SECRETS_FILE, type ResolvedSecret, type SecretSource } from './secrets.ts';
