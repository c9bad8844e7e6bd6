import { randomBytes, randomInt } from 'node:crypto';
import { assessPassword, checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@hotleads/shared/password-policy';

// The policy lives in @hotleads/shared so the SPA's strength meter runs the same code; this spec pins what
// the API enforces with it.

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = ['velvet', 'orbit', 'canyon', 'mango', 'lantern', 'quiz', 'ember', 'falcon', 'tundra', 'pickle', 'saffron', 'glacier', 'waltz', 'copper', 'nebula', 'thistle'];
const EMOJI = ['🔥', '🦊', '🌵', '🎻', '🧭', '🍋', '🛶', '🪐'];

function randomString(length: number, alphabet = ALPHANUMERIC): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function passphrase(words: number): string {
  const pool = [...WORDS];
  return Array.from({ length: words }, () => pool.splice(randomInt(pool.length), 1)[0]).join(' ');
}

describe('checkPassword', () => {
  it('exports its limits', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(256);
  });

  it('refuses fewer than 12 characters', () => {
    expect(checkPassword(randomString(11))).toBe('Use at least 12 characters.');
    expect(checkPassword('')).toBe('Use at least 12 characters.');
  });

  it('accepts 12 random characters, with no composition rules', () => {
    expect(checkPassword(randomString(12))).toBeNull();
    expect(checkPassword(randomString(12, 'abcdefghijklmnopqrstuvwxyz'))).toBeNull();
  });

  it('accepts 256 characters and refuses 257 instead of truncating', () => {
    const long = randomBytes(256).toString('base64url').slice(0, 256);
    expect(checkPassword(long)).toBeNull();
    expect(checkPassword(`${long}x`)).toBe('Use at most 256 characters.');
  });

  it('counts code points, so an emoji is one character', () => {
    // 11 code points but 15 UTF-16 units: still too short.
    const short = `${randomString(7)}${EMOJI.slice(0, 4).join('')}`;
    expect(short.length).toBe(15);
    expect(checkPassword(short)).toBe('Use at least 12 characters.');
    const twelve = `${randomString(8)}${EMOJI.slice(4).join('')}`;
    expect(checkPassword(twelve)).toBeNull();
    // 256 code points but 312 UTF-16 units: not too long.
    const wide = `${randomString(200)}${Array.from({ length: 56 }, () => EMOJI[randomInt(EMOJI.length)]).join('')}`;
    expect(wide.length).toBe(312);
    expect(checkPassword(wide)).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    const message = 'This password is on a list of commonly used passwords; choose another one.';
    expect(checkPassword('password1234')).toBe(message);
    expect(checkPassword('PassWord1234')).toBe(message);
  });

  it('accepts strong passphrases of four random words', () => {
    for (let i = 0; i < 5; i++) {
      const phrase = passphrase(4);
      expect([phrase, checkPassword(phrase)]).toEqual([phrase, null]);
    }
  });

  it('refuses a password containing the email or its local part', () => {
    const message = 'Your password must not contain your email address.';
    const email = 'Margaret.Hamilton@example.com';
    expect(checkPassword(`xq7${randomString(4)}margaret.hamilton`, { email })).toBe(message);
    expect(checkPassword(`MARGARET.HAMILTON@EXAMPLE.COM${randomString(2)}`, { email })).toBe(message);
    expect(checkPassword('velvet orbit canyon mango', { email })).toBeNull();
  });

  it('refuses what zxcvbn scores below 3, using the user inputs', () => {
    const message = 'This password is too easy to guess; a few unrelated words make a strong one.';
    expect(checkPassword('aaaaaaaaaaaa')).toBe(message);
    expect(checkPassword('abcabcabcabc')).toBe(message);
    expect(checkPassword('poiuytrewq12')).toBe(message);
    // A strong-looking name is weak once zxcvbn knows it is the user's, word by word.
    expect(checkPassword('Zbigniewkowalczyk')).toBeNull();
    expect(checkPassword('Zbigniewkowalczyk', { name: 'Zbigniew Kowalczyk' })).toBe(message);
  });

  it('assesses the same verdict as checkPassword, with the score a meter shows', () => {
    const phrase = passphrase(4);
    expect(assessPassword(phrase)).toEqual({ score: expect.any(Number), problem: null });
    expect(assessPassword(phrase).score).toBeGreaterThanOrEqual(3);
    expect(assessPassword('aaaaaaaaaaaa')).toEqual({ score: expect.any(Number), problem: checkPassword('aaaaaaaaaaaa') });
    expect(assessPassword('aaaaaaaaaaaa').score).toBeLessThan(3);
    // Too short, yet scored: the meter moves from the first character.
    expect(assessPassword('x7#Qm')).toEqual({ score: expect.any(Number), problem: 'Use at least 12 characters.' });
    expect(assessPassword('')).toEqual({ score: 0, problem: 'Use at least 12 characters.' });
  });
});
