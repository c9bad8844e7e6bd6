import { redactDeep, redactUrl } from './redact';

describe('log redaction', () => {
  it('hides sensitive fields at any depth', () => {
    const out = redactDeep({
      msg: 'login',
      user: { email: 'a@example.com', password: 'hunter2hunter2', nested: [{ refreshToken: 'abc' }] },
      headers: { authorization: 'Bearer x', cookie: 'sid=1', 'x-api-key': 'hl_123' },
      clientSecret: 's',
      totpCode: '123456',
    });
    expect(out).toEqual({
      msg: 'login',
      user: { email: 'a@example.com', password: '[redacted]', nested: [{ refreshToken: '[redacted]' }] },
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' },
      clientSecret: '[redacted]',
      totpCode: '[redacted]',
    });
  });

  it('leaves errors and other objects alone', () => {
    const error = new Error('boom');
    expect((redactDeep({ err: error }) as { err: Error }).err).toBe(error);
  });

  it('hides sensitive query parameters in URLs', () => {
    expect(redactUrl('/api/v1/auth/reset?token=abc&lang=en')).toBe('/api/v1/auth/reset?token=%5Bredacted%5D&lang=en');
    expect(redactUrl('/api/v1/leads')).toBe('/api/v1/leads');
  });
});
