import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureResult } from '../../integration-values';

// Acuity signs the raw form-encoded body: base64(HMAC-SHA256(key = the API key, message = body bytes)).
export function acuitySignature(apiKey: string, body: Buffer): string {
  return createHmac('sha256', apiKey).update(body).digest('base64');
}

// Compares the decoded digests in constant time; the header's spelling (padding) does not matter.
export function verifyAcuitySignature(header: string | undefined, body: Buffer, apiKey: string): SignatureResult {
  if (!header) return 'missing';
  const given = Buffer.from(header.trim(), 'base64');
  const expected = createHmac('sha256', apiKey).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}
