import { ConfigError, loadZendeskSettings } from '../config/index.ts';
import { CliError } from './errors.ts';

/** ZENDESK_* and the label tag prefix from env and `.env`; a bad value is the CLI's BAD_CONFIG, naming the key. */
export function zendeskSettingsOrFail(): ReturnType<typeof loadZendeskSettings> {
  try {
    return loadZendeskSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError('BAD_CONFIG', error.message, { cause: error });
    throw error;
  }
}
