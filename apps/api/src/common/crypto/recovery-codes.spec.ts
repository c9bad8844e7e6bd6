import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes';
import { sha256 } from './tokens';

describe('recovery codes', () => {
  it('generates ten codes by default, or the requested count', () => {
    expect(generateRecoveryCodes()).toHaveLength(10);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it('formats each code as three groups of four unambiguous characters', () => {
    for (const code of generateRecoveryCodes(200)) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(code).not.toMatch(/[01oli]/);
    }
  });

  it('never repeats a code', () => {
    const codes = Array.from({ length: 50 }, () => generateRecoveryCodes()).flat();
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses the whole alphabet', () => {
    const seen = new Set(generateRecoveryCodes(100).join('').replace(/-/g, ''));
    // 1,200 draws over 31 symbols: missing one has a probability around 1e-15.
    expect(seen.size).toBe(31);
  });

  it('normalises case, spaces and dashes', () => {
    expect(normaliseRecoveryCode('ABCD EFGH-jkmn')).toBe('abcdefghjkmn');
    expect(normaliseRecoveryCode('ABCD EFGH-jkmn')).toBe(normaliseRecoveryCode('abcd-efgh-jkmn'));
    expect(normaliseRecoveryCode(' abcd\t-efgh - jkmn\n')).toBe('abcdefghjkmn');
  });

  it('hashes the normalised form', () => {
    expect(hashRecoveryCode('ABCD EFGH-jkmn')).toBe(hashRecoveryCode('abcd-efgh-jkmn'));
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toBe(sha256('abcdefghjkmn'));
    expect(hashRecoveryCode('abcd-efgh-jkmp')).not.toBe(hashRecoveryCode('abcd-efgh-jkmn'));
  });
});
