import { createHash, randomBytes } from 'node:crypto';
import { deriveSecret, randomToken, safeEqual, sha256 } from './tokens';

describe('tokens', () => {
  describe('randomToken', () => {
    it('returns base64url of the requested number of bytes', () => {
      expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    });

    it('never repeats', () => {
      const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
      expect(tokens.size).toBe(1000);
    });
  });

  describe('sha256', () => {
    it('matches the published test vectors, as hex', () => {
      expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('hashes the UTF-8 bytes of the string', () => {
      expect(sha256('é')).toBe(createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('hex'));
    });
  });

  describe('safeEqual', () => {
    it('is true only for identical strings', () => {
      expect(safeEqual('abc123', 'abc123')).toBe(true);
      expect(safeEqual('abc123', 'abc124')).toBe(false);
      expect(safeEqual('', '')).toBe(true);
    });

    it('is false, without throwing, when lengths differ', () => {
      expect(safeEqual('abc', 'abcd')).toBe(false);
      expect(safeEqual('abcd', '')).toBe(false);
      // Same number of UTF-16 units, different number of bytes.
      expect(safeEqual('é', 'e')).toBe(false);
    });
  });

  describe('deriveSecret', () => {
    const key = randomBytes(32);

    it('is deterministic per key and label', () => {
      expect(deriveSecret(key, 'db-role:app')).toBe(deriveSecret(Buffer.from(key), 'db-role:app'));
      expect(deriveSecret(key, 'db-role:app')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('changes with the label and with the key', () => {
      expect(deriveSecret(key, 'db-role:app')).not.toBe(deriveSecret(key, 'db-role:migrator'));
      expect(deriveSecret(key, 'db-role:app')).not.toBe(deriveSecret(randomBytes(32), 'db-role:app'));
    });

    it('is HMAC-SHA256 (RFC 4231 test case 2)', () => {
      const expected = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex').toString('base64url');
      expect(deriveSecret(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe(expected);
    });
  });
});
