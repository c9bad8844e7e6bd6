import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

// AES-256-GCM for secrets at rest (TOTP seeds, integration credentials). The version prefix leaves room
// for a key or algorithm rotation without guessing what an old payload is.
@Injectable()
export class EncryptionService {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw new Error(`encryption key must be ${KEY_BYTES} bytes, got ${Buffer.isBuffer(key) ? key.length : typeof key}`);
    }
    // A private copy, so a caller that later zeroes or reuses its buffer cannot change ours.
    this.key = Buffer.from(key);
  }

  encrypt(plaintext: string, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(payload: string, aad?: string): string {
    const parts = typeof payload === 'string' ? payload.split('.') : [];
    if (parts.length !== 4) throw new Error('cannot decrypt: malformed payload');
    const [version, ivPart, tagPart, ciphertextPart] = parts;
    if (version !== VERSION) throw new Error(`cannot decrypt: unsupported payload version "${version.slice(0, 8)}"`);
    const iv = decodeSegment(ivPart);
    const tag = decodeSegment(tagPart);
    const ciphertext = decodeSegment(ciphertextPart);
    if (!iv || !tag || !ciphertext || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error('cannot decrypt: malformed payload');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (cause) {
      // GCM cannot tell these apart, and saying which one it was would only help an attacker.
      throw new Error('cannot decrypt: authentication failed (wrong key, wrong AAD or tampered data)', { cause });
    }
  }
}

// Strict base64url: Node's decoder skips invalid characters and ignores trailing bits, which would let two
// different strings decrypt to the same value.
function decodeSegment(segment: string): Buffer | null {
  if (!BASE64URL.test(segment)) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}
