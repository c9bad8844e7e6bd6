import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
const MIN_SCORE = 3;
// zxcvbn's cost grows with length (about 0.3 s of blocked event loop at 256 characters) while its verdict
// settles long before: score a prefix. The full password is still what gets hashed.
const ZXCVBN_MAX_LENGTH = 64;
// Shorter fragments (a local part like "jo") would forbid every password containing those letters.
const MIN_FRAGMENT_LENGTH = 3;

export interface PasswordContext {
  email?: string;
  name?: string;
}

let estimator: ZxcvbnFactory | undefined;
let commonPasswords: Set<string> | undefined;

// Built on first use: the dictionaries take ~100 ms to rank, which boot and unrelated tests should not pay.
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, maxLength: ZXCVBN_MAX_LENGTH });
  return estimator;
}

function isCommon(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}

function emailFragments(email: string | undefined): string[] {
  if (!email) return [];
  const whole = email.trim().toLowerCase();
  const at = whole.lastIndexOf('@');
  const local = at > 0 ? whole.slice(0, at) : whole;
  return [whole, local].filter((fragment) => fragment.length >= MIN_FRAGMENT_LENGTH);
}

// zxcvbn matches each input as one word: "Ada Lovelace" alone would not catch "lovelace1815".
function userInputsOf({ email, name }: PasswordContext): string[] {
  const inputs = [...emailFragments(email), ...(name ? [name, ...name.split(/[\s.,'-]+/)] : [])];
  return [...new Set(inputs.map((input) => input.trim().toLowerCase()).filter((input) => input.length >= MIN_FRAGMENT_LENGTH))];
}

// NIST SP 800-63B: length and a blocklist, no composition rules. Returns null or the reason for the user.
export function checkPassword(password: string, context: PasswordContext = {}): string | null {
  // Code points, so an emoji counts as one character, as the user sees it.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (isCommon(password)) return 'This password is on a list of commonly used passwords; choose another one.';
  const lowered = password.toLowerCase();
  if (emailFragments(context.email).some((fragment) => lowered.includes(fragment))) {
    return 'Your password must not contain your email address.';
  }
  const userInputs = userInputsOf(context);
  if (getEstimator().check(password, userInputs).score < MIN_SCORE) {
    return 'This password is too easy to guess; a few unrelated words make a strong one.';
  }
  return null;
}
