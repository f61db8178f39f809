import { parseMasterKey } from '../config/index.ts';
import { Sealer } from './seal.ts';

/** The sealer of the configured master key (config.masterKey), or null without one. */
export function sealerFromConfig(masterKey: { readonly value: string } | null): Sealer | null {
  if (masterKey === null) return null;
  const key = parseMasterKey(masterKey.value);
  // loadConfig validated it; a key that does not parse here is a programming error, not a configuration one.
  if (key === null) throw new RangeError('the master key is not 32 bytes');
  return new Sealer(key);
}
