import { randomBytes } from 'node:crypto';
import { CredentialsVault, encryptionKeyId } from './credentials-vault';

describe('CredentialsVault', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const id = '6b0c2f1e-8d7a-4c1b-9f3e-2a5d4c3b2a10';
  const other = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

  it('round-trips credentials and names the key that sealed them', () => {
    const vault = new CredentialsVault(newKey);
    const sealed = vault.seal(id, { userId: '123', apiKey: 'abcdef0123456789' });
    expect(sealed.keyId).toBe(encryptionKeyId(newKey));
    expect(sealed.ciphertext).not.toContain('abcdef');
    expect(vault.open(id, sealed)).toEqual({ userId: '123', apiKey: 'abcdef0123456789' });
  });

  it('binds the sealed value to its connection', () => {
    const vault = new CredentialsVault(newKey);
    const sealed = vault.seal(id, { apiKey: 'secret value' });
    expect(() => vault.open(other, sealed)).toThrow(/authentication failed/);
  });

  it('opens values under the previous key during a rotation and re-seals them under the new one', () => {
    const before = new CredentialsVault(oldKey);
    const sealed = before.seal(id, { apiKey: 'rotate me please' });
    const during = new CredentialsVault(newKey, [oldKey]);
    expect(during.open(id, sealed)).toEqual({ apiKey: 'rotate me please' });
    const resealed = during.reseal(id, sealed);
    expect(resealed?.keyId).toBe(encryptionKeyId(newKey));
    expect(during.reseal(id, resealed!)).toBeNull();
    // After the rotation the old key can go.
    expect(new CredentialsVault(newKey).open(id, resealed!)).toEqual({ apiKey: 'rotate me please' });
  });

  it('says which key is missing instead of failing obscurely', () => {
    const sealed = new CredentialsVault(oldKey).seal(id, { apiKey: 'x' });
    expect(() => new CredentialsVault(newKey).open(id, sealed)).toThrow(`sealed under key ${encryptionKeyId(oldKey)}`);
  });

  it('does not reveal the key in its id', () => {
    expect(encryptionKeyId(newKey)).toMatch(/^[0-9a-f]{16}$/);
    expect(encryptionKeyId(newKey)).not.toBe(encryptionKeyId(oldKey));
  });
});
