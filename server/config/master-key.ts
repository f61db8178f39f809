/** The bytes of an AES-256 key: 32. */
export const MASTER_KEY_BYTES = 32;

/**
 * TRIAGE_MASTER_KEY as bytes: 64 hex digits, or base64 / base64url of 32 bytes (`openssl rand -base64 32`). Null when
 * it is neither, so a key of the wrong length never silently becomes a weaker or different one.
 */
export function parseMasterKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === MASTER_KEY_BYTES ? bytes : null;
}
