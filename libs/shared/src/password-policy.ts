import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

// One policy for the API, which enforces it, and the SPA, whose strength meter shows it as the user types.
// Not exported from the package index: the dictionaries weigh about a megabyte, so the SPA loads this
// subpath (@hotleads/shared/password-policy) lazily, only on the pages that set a password.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
// zxcvbn's score goes from 0 (guessed in under a thousand tries) to 4; below this it is refused.
export const PASSWORD_MIN_SCORE = 3;
// zxcvbn's cost grows with length (about 0.3 s of blocked event loop at 256 characters) while its verdict
// settles long before: score a prefix. The full password is still what gets hashed.
const ZXCVBN_MAX_LENGTH = 64;
// Shorter fragments (a local part like "jo") would forbid every password containing those letters.
const MIN_FRAGMENT_LENGTH = 3;

export const PASSWORD_MESSAGES = {
  tooShort: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  tooLong: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  common: 'This password is on a list of commonly used passwords; choose another one.',
  containsEmail: 'Your password must not contain your email address.',
  guessable: 'This password is too easy to guess; a few unrelated words make a strong one.',
} as const;

export type PasswordScore = 0 | 1 | 2 | 3 | 4;

export interface PasswordContext {
  email?: string;
  name?: string;
}

export interface PasswordAssessment {
  // zxcvbn's estimate, whatever the other rules say (a meter shows it from the first character).
  score: PasswordScore;
  // Why the API would refuse it, in words for the user; null when it would be accepted.
  problem: string | null;
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

// The rules that need no guess estimate (NIST SP 800-63B: length and a blocklist, no composition rules).
function ruleProblem(password: string, context: PasswordContext): string | null {
  // Code points, so an emoji counts as one character, as the user sees it.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong;
  if (isCommon(password)) return PASSWORD_MESSAGES.common;
  const lowered = password.toLowerCase();
  if (emailFragments(context.email).some((fragment) => lowered.includes(fragment))) return PASSWORD_MESSAGES.containsEmail;
  return null;
}

// zxcvbn's 0-4 score, with the user's email and name as words an attacker would try first.
export function scorePassword(password: string, context: PasswordContext = {}): PasswordScore {
  if (!password) return 0;
  return getEstimator().check(password, userInputsOf(context)).score;
}

// Null when the password is acceptable, otherwise the reason for the user.
export function checkPassword(password: string, context: PasswordContext = {}): string | null {
  const problem = ruleProblem(password, context);
  if (problem) return problem;
  return scorePassword(password, context) < PASSWORD_MIN_SCORE ? PASSWORD_MESSAGES.guessable : null;
}

// The score and the verdict together, for a strength meter.
export function assessPassword(password: string, context: PasswordContext = {}): PasswordAssessment {
  const score = scorePassword(password, context);
  const problem = ruleProblem(password, context) ?? (score < PASSWORD_MIN_SCORE ? PASSWORD_MESSAGES.guessable : null);
  return { score, problem };
}
