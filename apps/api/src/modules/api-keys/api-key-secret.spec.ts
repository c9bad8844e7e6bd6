import { sha256 } from '../../common/crypto/tokens';
import { API_KEY_PREFIX_LENGTH, newApiKeySecret, randomBase62 } from './api-key-secret';

describe('API key secrets', () => {
  it('have the hl_<12 base62>_<43 base64url> shape, the prefix being the first 15 characters', () => {
    const { prefix, secret } = newApiKeySecret();
    expect(secret).toMatch(/^hl_[0-9A-Za-z]{12}_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toHaveLength(15);
    expect(API_KEY_PREFIX_LENGTH).toBe(15);
    expect(secret.slice(0, API_KEY_PREFIX_LENGTH)).toBe(prefix);
    expect(sha256(secret)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never repeat', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => newApiKeySecret().secret));
    const prefixes = new Set([...secrets].map((s) => s.slice(0, API_KEY_PREFIX_LENGTH)));
    expect(secrets.size).toBe(200);
    expect(prefixes.size).toBe(200);
  });

  it('draws base62 characters from the whole alphabet', () => {
    const sample = randomBase62(20_000);
    expect(sample).toHaveLength(20_000);
    expect(new Set(sample).size).toBe(62);
  });
});
