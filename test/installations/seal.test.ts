import { describe, expect, it } from 'vitest';
import { parseMasterKey } from '../../server/config/index.ts';
import { MasterKeyMismatchError, SealedSecretsInvalidError, Sealer } from '../../server/installations/index.ts';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);

describe('Sealer', () => {
  it('opens what it sealed, and the sealed text holds neither the secret nor the key', () => {
    const sealer = new Sealer(keyA);
    const sealed = sealer.seal('{"sharedSecret":"Marmoset-Quartz-0042"}', 'inst_1');
    expect(sealed).not.toContain('Marmoset');
    expect(sealed).not.toContain(keyA.toString('base64url'));
    expect(sealed.startsWith(`v1.${sealer.keyId}.`)).toBe(true);
    expect(sealer.open(sealed, 'inst_1')).toBe('{"sharedSecret":"Marmoset-Quartz-0042"}');
    // A fresh IV each time: sealing the same text twice gives two different values.
    expect(sealer.seal('same', 'inst_1')).not.toBe(sealer.seal('same', 'inst_1'));
  });

  it('says which key sealed it when opened with another key, rather than returning garbage', () => {
    const sealed = new Sealer(keyA).seal('secret', 'inst_1');
    const other = new Sealer(keyB);
    expect(() => other.open(sealed, 'inst_1')).toThrow(MasterKeyMismatchError);
    expect(() => other.open(sealed, 'inst_1')).toThrow(new Sealer(keyA).keyId);
  });

  it('refuses a value moved to another installation, altered, or not sealed at all', () => {
    const sealer = new Sealer(keyA);
    const sealed = sealer.seal('secret', 'inst_1');
    expect(() => sealer.open(sealed, 'inst_2')).toThrow(SealedSecretsInvalidError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[4] = flipped.toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'inst_1')).toThrow(SealedSecretsInvalidError);
    expect(() => sealer.open(sealed.split('.').slice(0, 3).join('.'), 'inst_1')).toThrow(SealedSecretsInvalidError);
    expect(() => sealer.open('plain text', 'inst_1')).toThrow(SealedSecretsInvalidError);
  });

  it('takes 32-byte keys only', () => {
    expect(() => new Sealer(Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe('parseMasterKey', () => {
  it.each([
    ['hex', 'ab'.repeat(32)],
    ['base64', Buffer.alloc(32, 9).toString('base64')],
    ['base64url without padding', Buffer.alloc(32, 250).toString('base64url')],
  ])('reads %s of 32 bytes', (_name, text) => {
    expect(parseMasterKey(text)?.length).toBe(32);
  });

  it.each([
    '',
    'ab'.repeat(31),
    Buffer.alloc(31).toString('base64'),
    Buffer.alloc(33).toString('base64'),
    'x'.repeat(44),
  ])('refuses %j', (text) => expect(parseMasterKey(text)).toBeNull());
});
