import { createHmac } from 'node:crypto';
import { verifyAcuitySignature } from './acuity-signature';

describe('Acuity signatures', () => {
  const apiKey = 'abc123def456ghi789';
  // Bytes a form re-encoding would change: `+` for a space, %20, and raw UTF-8.
  const body = Buffer.from('action=scheduled&id=54321&calendarID=27238&appointmentTypeID=1&note=a+b%20c+%C3%A9é', 'utf8');
  const sign = (bytes: Buffer, key = apiKey) => createHmac('sha256', key).update(bytes).digest('base64');

  it('accepts base64 HMAC-SHA256 of the raw body keyed with the API key', () => {
    expect(verifyAcuitySignature(sign(body), body, apiKey)).toBe('valid');
  });

  it('refuses hex, another key, or a body re-encoded to the same form fields', () => {
    expect(verifyAcuitySignature(createHmac('sha256', apiKey).update(body).digest('hex'), body, apiKey)).toBe('invalid');
    expect(verifyAcuitySignature(sign(body, 'another-key-000000'), body, apiKey)).toBe('invalid');
    const reencoded = Buffer.from(new URLSearchParams(body.toString('utf8')).toString(), 'utf8');
    expect(reencoded.equals(body)).toBe(false);
    expect(verifyAcuitySignature(sign(body), reencoded, apiKey)).toBe('invalid');
  });

  it('reports a missing header apart from a wrong one', () => {
    expect(verifyAcuitySignature(undefined, body, apiKey)).toBe('missing');
    expect(verifyAcuitySignature('', body, apiKey)).toBe('missing');
    expect(verifyAcuitySignature('not base64 at all', body, apiKey)).toBe('invalid');
  });
});
