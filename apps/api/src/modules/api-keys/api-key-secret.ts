import { randomBytes } from 'node:crypto';
import { randomToken } from '../../common/crypto/tokens';
import { API_KEY_LOOKUP_LENGTH, API_KEY_PREFIX } from '../../common/auth/credential';

// PrincipalResolver.fromApiKey finds a key by its first `hl_` + 12 characters: this length is that contract.
export const API_KEY_PREFIX_LENGTH = API_KEY_LOOKUP_LENGTH;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 248 = 4 * 62: bytes at or above it are dropped so that every character is equally likely.
const UNBIASED_LIMIT = 248;

export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

// `hl_<12 base62>_<43 base64url>`: the first part is the stored, visible prefix (about 71 bits, so unique
// in practice); the 32 random bytes after it alone carry 256 bits.
export function newApiKeySecret(): { prefix: string; secret: string } {
  const prefix = API_KEY_PREFIX + randomBase62(API_KEY_PREFIX_LENGTH - API_KEY_PREFIX.length);
  return { prefix, secret: `${prefix}_${randomToken(32)}` };
}
