import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

// Compares UTF-8 bytes in constant time. A length mismatch returns early: it reveals only the length,
// which for tokens and digests is public anyway.
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

// One master key, many independent secrets: knowing a derived value reveals neither the key nor its siblings.
export function deriveSecret(key: Buffer, label: string): string {
  return createHmac('sha256', key).update(label, 'utf8').digest('base64url');
}
