import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignatureResult } from '../../integration-values';

export const SECRET_PREFIX = 'whsec_';
// Standard Webhooks: a timestamp more than five minutes away from ours, either way, is refused.
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
const SIGNATURE_BYTES = 32;

export interface StandardWebhookHeaders {
  id?: string;
  timestamp?: string;
  signature?: string;
}

// `whsec_` + base64 of 32 random bytes, the form every Standard Webhooks library reads.
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

function digest(key: Buffer, id: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();
}

// The `webhook-signature` value a sender puts on a message (used by tests and by the examples we show).
export function signStandardWebhook(secret: string, id: string, timestamp: number | string, body: Buffer | string): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return `v1,${digest(keyOf(secret), id, String(timestamp), bytes).toString('base64')}`;
}

// Checks a message against every secret given (two during a rotation): any `v1` entry that matches any
// secret passes. Compares raw digests in constant time; ids and timestamps are checked for shape first so
// junk never reaches the HMAC.
export function verifyStandardWebhook(
  headers: StandardWebhookHeaders,
  body: Buffer,
  secrets: readonly string[],
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return 'missing';
  if (id.length > 255 || !/^\d{1,12}$/.test(timestamp)) return 'invalid';
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return 'stale';
  const given: Buffer[] = [];
  for (const entry of signature.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === SIGNATURE_BYTES) given.push(bytes);
  }
  if (given.length === 0) return 'invalid';
  let match = false;
  for (const secret of secrets) {
    const expected = digest(keyOf(secret), id, timestamp, body);
    // No early exit: every candidate is compared, so timing says nothing about which one matched.
    for (const candidate of given) match = timingSafeEqual(candidate, expected) || match;
  }
  return match ? 'valid' : 'invalid';
}
