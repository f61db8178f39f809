import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { MASTER_KEY_BYTES } from '../config/index.ts';
import { MasterKeyMismatchError, SealedSecretsInvalidError } from './errors.ts';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals text with AES-256-GCM under the master key (TRIAGE_MASTER_KEY). A sealed value is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url): the key id (a hash of the key, not the key) lets a server with
 * another key say so instead of failing on garbage, and `context` (the installation's id) is authenticated with it, so
 * secrets copied onto another installation's row do not open there.
 */
export class Sealer {
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== MASTER_KEY_BYTES) throw new RangeError(`a master key has ${MASTER_KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
    this.keyId = createHash('sha256').update('triage master key id\0').update(this.#key).digest('hex').slice(0, 16);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.#aad(this.keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.keyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new SealedSecretsInvalidError();
    const [, keyId = '', iv = '', tag = '', ciphertext = ''] = parts;
    if (keyId !== this.keyId) throw new MasterKeyMismatchError(keyId.slice(0, 16), this.keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(this.#aad(keyId, context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SealedSecretsInvalidError(error);
    }
  }

  #aad(keyId: string, context: string): Buffer {
    return Buffer.from(`${FORMAT}.${keyId}.${context}`, 'utf8');
  }
}
