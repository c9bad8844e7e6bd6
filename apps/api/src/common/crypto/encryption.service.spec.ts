import { randomBytes } from 'node:crypto';
import { EncryptionService } from './encryption.service';

function flipByte(segment: string, index = 0): string {
  const bytes = Buffer.from(segment, 'base64url');
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
}

function replacePart(payload: string, index: number, value: string): string {
  const parts = payload.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('EncryptionService', () => {
  const key = randomBytes(32);
  const service = new EncryptionService(key);

  it('round-trips text, including empty and non-ASCII strings', () => {
    for (const plaintext of ['JBSWY3DPEHPK3PXP', '', 'héllo 🔥 世界']) {
      expect(service.decrypt(service.encrypt(plaintext))).toBe(plaintext);
    }
  });

  it('produces a versioned payload with a 12-byte IV and a 16-byte tag', () => {
    const [version, iv, tag, ciphertext] = service.encrypt('secret').split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(6);
  });

  it('uses a fresh IV for every message', () => {
    const a = service.encrypt('same text');
    const b = service.encrypt('same text');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('refuses a tampered ciphertext or tag', () => {
    const payload = service.encrypt('secret');
    expect(() => service.decrypt(replacePart(payload, 3, flipByte(payload.split('.')[3])))).toThrow(/^cannot decrypt: authentication failed/);
    expect(() => service.decrypt(replacePart(payload, 2, flipByte(payload.split('.')[2], 15)))).toThrow(/^cannot decrypt: authentication failed/);
    expect(() => service.decrypt(replacePart(payload, 1, flipByte(payload.split('.')[1])))).toThrow(/^cannot decrypt: authentication failed/);
  });

  it('refuses a payload encrypted under another key', () => {
    const other = new EncryptionService(randomBytes(32));
    expect(() => other.decrypt(service.encrypt('secret'))).toThrow(/^cannot decrypt: authentication failed/);
  });

  it('binds the payload to its AAD', () => {
    const payload = service.encrypt('secret', 'user:1:totp');
    expect(service.decrypt(payload, 'user:1:totp')).toBe('secret');
    expect(() => service.decrypt(payload, 'user:2:totp')).toThrow(/^cannot decrypt: authentication failed/);
    expect(() => service.decrypt(payload)).toThrow(/^cannot decrypt: authentication failed/);
    expect(() => service.decrypt(service.encrypt('secret'), 'user:1:totp')).toThrow(/^cannot decrypt: authentication failed/);
  });

  it('refuses malformed payloads with a clear error', () => {
    const payload = service.encrypt('secret');
    const [, iv, tag, ciphertext] = payload.split('.');
    const malformed = [
      '',
      'not a payload',
      payload.split('.').slice(0, 3).join('.'),
      `${payload}.extra`,
      `v2.${iv}.${tag}.${ciphertext}`,
      `v1.${iv}!.${tag}.${ciphertext}`,
      `v1.${iv}.${tag.slice(0, -2)}.${ciphertext}`,
      `v1.${Buffer.alloc(16).toString('base64url')}.${tag}.${ciphertext}`,
      `v1.${iv}=.${tag}.${ciphertext}`,
    ];
    for (const bad of malformed) expect(() => service.decrypt(bad)).toThrow(/^cannot decrypt: /);
  });

  it('refuses a non-canonical base64url spelling of the same bytes', () => {
    const payload = service.encrypt('secret');
    const tag = payload.split('.')[2];
    // 16 bytes leave 4 unused bits in the last of 22 characters; setting one yields the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = tag.slice(0, -1) + alphabet[alphabet.indexOf(tag[21]) ^ 0x01];
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true);
    expect(() => service.decrypt(replacePart(payload, 2, twin))).toThrow('cannot decrypt: malformed payload');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new EncryptionService(randomBytes(16))).toThrow('encryption key must be 32 bytes, got 16');
    expect(() => new EncryptionService(randomBytes(33))).toThrow('encryption key must be 32 bytes, got 33');
  });

  it('keeps its own copy of the key', () => {
    const mutable = randomBytes(32);
    const own = new EncryptionService(mutable);
    const payload = own.encrypt('secret');
    mutable.fill(0);
    expect(own.decrypt(payload)).toBe('secret');
  });
});
