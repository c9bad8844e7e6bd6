import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureResult } from '../../integration-values';

// Zoom signs `v0:{x-zm-request-timestamp}:{raw body}` with the app's secret token: `v0=` + hex HMAC-SHA256.
// A timestamp further than this from now is refused as stale (a replay).
export const ZOOM_TOLERANCE_MS = 5 * 60_000;

export function zoomSignature(secret: string, timestamp: string, body: Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

export function verifyZoomSignature(header: string | undefined, timestamp: string | undefined, body: Buffer, secret: string, now: Date): SignatureResult {
  if (!secret || !header || !timestamp) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'invalid';
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > ZOOM_TOLERANCE_MS) return 'stale';
  const expected = Buffer.from(zoomSignature(secret, timestamp, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

// The answer to Zoom's `endpoint.url_validation`: the plain token and its hex HMAC-SHA256 under the secret.
export function zoomValidationAnswer(secret: string, plainToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
}
