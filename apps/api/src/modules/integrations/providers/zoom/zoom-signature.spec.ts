import { createHmac } from 'node:crypto';
import { verifyZoomSignature, zoomValidationAnswer } from './zoom-signature';

// The expected values are computed here from Zoom's documented recipe, not with the code under test.
const SECRET = 'zoom-secret-token-1';
const body = Buffer.from('{"event":"meeting.registration_created","payload":{}}');
const sign = (ts: string, raw: Buffer) => `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${raw.toString('utf8')}`).digest('hex')}`;

describe('verifyZoomSignature', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  const ts = String(now.getTime() / 1000);

  it('accepts Zoom\'s v0 signature over the timestamp and the raw body', () => {
    expect(verifyZoomSignature(sign(ts, body), ts, body, SECRET, now)).toBe('valid');
  });

  it('refuses a changed body, another secret, a malformed timestamp, and missing parts', () => {
    expect(verifyZoomSignature(sign(ts, body), ts, Buffer.from(`${body.toString()} `), SECRET, now)).toBe('invalid');
    expect(verifyZoomSignature(sign(ts, body), ts, body, 'another-secret', now)).toBe('invalid');
    expect(verifyZoomSignature(sign(ts, body).toUpperCase(), ts, body, SECRET, now)).toBe('invalid');
    expect(verifyZoomSignature(sign(ts, body), '12a', body, SECRET, now)).toBe('invalid');
    expect(verifyZoomSignature(undefined, ts, body, SECRET, now)).toBe('missing');
    expect(verifyZoomSignature(sign(ts, body), undefined, body, SECRET, now)).toBe('missing');
    expect(verifyZoomSignature(sign(ts, body), ts, body, '', now)).toBe('missing');
  });

  it('refuses timestamps more than five minutes away as stale', () => {
    const old = String(now.getTime() / 1000 - 301);
    expect(verifyZoomSignature(sign(old, body), old, body, SECRET, now)).toBe('stale');
    const near = String(now.getTime() / 1000 - 299);
    expect(verifyZoomSignature(sign(near, body), near, body, SECRET, now)).toBe('valid');
  });
});

describe('zoomValidationAnswer', () => {
  it('is the plain token and its hex HMAC-SHA256 under the secret token', () => {
    expect(zoomValidationAnswer(SECRET, 'qgg8vlvZRS6UYooatFL8Aw')).toEqual({ plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex') });
  });
});
