import { TotpService } from './totp.service';

describe('TotpService', () => {
  const totp = new TotpService();
  // RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA1, truncated to 6 digits.
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const now = Date.UTC(2025, 0, 15, 12, 0, 10);
  const step = Math.floor(now / 1000 / 30);

  it('generates a base32 secret of 20 random bytes', () => {
    const secret = totp.generateSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totp.generateSecret()).not.toBe(secret);
  });

  it('matches the RFC 6238 test vectors', () => {
    expect(totp.generate(RFC_SECRET, 59_000)).toBe('287082');
    expect(totp.generate(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(totp.generate(RFC_SECRET, 1_234_567_890_000)).toBe('005924');
  });

  it('accepts a fresh code and returns its time step', () => {
    const secret = totp.generateSecret();
    expect(totp.verify(secret, totp.generate(secret, now), null, now)).toBe(step);
    expect(totp.verify(RFC_SECRET, '287082', null, 59_000)).toBe(1);
  });

  it('accepts the previous and next step, not two steps away', () => {
    const secret = totp.generateSecret();
    expect(totp.verify(secret, totp.generate(secret, now - 30_000), null, now)).toBe(step - 1);
    expect(totp.verify(secret, totp.generate(secret, now + 30_000), null, now)).toBe(step + 1);
    expect(totp.verify(secret, totp.generate(secret, now - 60_000), null, now)).toBeNull();
    expect(totp.verify(secret, totp.generate(secret, now + 60_000), null, now)).toBeNull();
  });

  it('refuses a replayed code and any step at or before the last one used', () => {
    const secret = totp.generateSecret();
    const code = totp.generate(secret, now);
    expect(totp.verify(secret, code, step, now)).toBeNull();
    expect(totp.verify(secret, code, step + 1, now)).toBeNull();
    expect(totp.verify(secret, totp.generate(secret, now - 30_000), step - 1, now)).toBeNull();
    expect(totp.verify(secret, code, step - 1, now)).toBe(step);
    expect(totp.verify(secret, totp.generate(secret, now + 30_000), step, now)).toBe(step + 1);
  });

  it('tolerates spaces but refuses anything that is not six digits', () => {
    const secret = totp.generateSecret();
    const code = totp.generate(secret, now);
    expect(totp.verify(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, now)).toBe(step);
    expect(totp.verify(secret, ` ${code} `, null, now)).toBe(step);
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`, code.slice(1), `${code.slice(0, 5)}x`, '１２３４５６', `-${code.slice(1)}`]) {
      expect(totp.verify(secret, bad, null, now)).toBeNull();
    }
  });

  it('refuses a wrong code', () => {
    const secret = totp.generateSecret();
    const code = totp.generate(secret, now);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    // The wrong code could, once in a million, be valid for a neighbouring step.
    const neighbours = [now - 30_000, now + 30_000].map((t) => totp.generate(secret, t));
    if (!neighbours.includes(wrong)) expect(totp.verify(secret, wrong, null, now)).toBeNull();
    expect(totp.verify(totp.generateSecret(), code, null, now)).not.toBe(step);
  });

  it('builds an otpauth URI with the issuer, the encoded label and the secret', () => {
    const secret = totp.generateSecret();
    const uri = new URL(totp.otpauthUri(secret, 'alice+sales@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.href).toContain('otpauth://totp/Hot%20Leads:alice%2Bsales%40example.com?');
    expect(uri.searchParams.get('issuer')).toBe('Hot Leads');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(totp.otpauthUri(secret, 'bob', 'Acme & Co')).toContain('issuer=Acme%20%26%20Co');
  });

  it('renders the URI as a PNG data URL', async () => {
    const url = await totp.qrDataUrl(totp.otpauthUri(totp.generateSecret(), 'alice@example.com'));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  });
});
