import { ApiError } from '@/lib/api-client';

// What went wrong, in words a person can act on. The API gives one answer for an unknown email, a wrong
// password and a locked account (so none of them can be probed), and the message has to cover all three.
export function signInErrorMessage(error: unknown, step: 'password' | 'code'): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.isNetworkError) return 'The server is not reachable. Check your connection and try again.';
  if (error.status === 429) return 'Too many attempts from here. Wait a few minutes before trying again.';
  if (step === 'code') {
    if (error.code === 'unauthenticated') return 'This sign-in has expired. Start again with your password.';
    return 'That code is not valid. Codes change every 30 seconds; a recovery code works only once.';
  }
  if (error.status === 401) {
    return 'Email or password is incorrect. After 5 failed attempts the account is locked for a while, doubling each time.';
  }
  return error.detail;
}
