import { randomBytes, randomUUID } from 'node:crypto';
import { LiveEventIds } from './live-event-ids';

describe('LiveEventIds', () => {
  const ids = new LiveEventIds(randomBytes(32));
  const [a, b] = [randomUUID(), randomUUID()];

  it('gives each workspace its own opaque spelling of an id, which decodes back exactly', () => {
    for (const n of [0n, 1n, 41n, 2n ** 53n + 1n, 2n ** 63n - 1n]) {
      const opaque = ids.encode(a, n);
      expect(opaque).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(ids.decode(a, opaque)).toBe(n);
      expect(ids.encode(b, n)).not.toBe(opaque);
    }
    // Stable, so every replica and every reconnect agree.
    expect(ids.encode(a, '42')).toBe(ids.encode(a, 42n));
    expect(new LiveEventIds(Buffer.alloc(32, 1)).encode(a, 42n)).toBe(new LiveEventIds(Buffer.alloc(32, 1)).encode(a, 42n));
  });

  it('shows nothing of the sequence: consecutive numbers share no prefix or order', () => {
    const spelt = Array.from({ length: 50 }, (_, i) => ids.encode(a, 1000n + BigInt(i)));
    expect(new Set(spelt.map((s) => s.slice(0, 4))).size).toBeGreaterThan(40);
    expect([...spelt].sort()).not.toEqual(spelt);
  });

  it('refuses ids of another workspace, made-up ids and other spellings', () => {
    const opaque = ids.encode(a, 7n);
    expect(ids.decode(b, opaque)).toBeNull();
    expect(ids.decode(a, '7')).toBeNull();
    expect(ids.decode(a, 'A'.repeat(22))).toBeNull();
    expect(ids.decode(a, `${opaque}=`)).toBeNull();
    // The same 16 bytes with one of the 4 spare bits of the last character set: a second spelling.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const other = `${opaque.slice(0, -1)}${alphabet[alphabet.indexOf(opaque.at(-1)!) ^ 1]}`;
    expect(Buffer.from(other, 'base64url')).toEqual(Buffer.from(opaque, 'base64url'));
    expect(ids.decode(a, other)).toBeNull();
  });
});
