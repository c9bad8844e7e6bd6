import { ApiError } from '@/lib/api-client';

// The API's one answer for an unknown, used or expired emailed link (invalid_token).
export const isInvalidLink = (error: unknown): boolean => error instanceof ApiError && error.code === 'invalid_token';

// The message the API gave for one field of the form (e.g. a password its policy refuses).
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldErrors.find((candidate) => candidate.field === field)?.message;
}

// Anything else that went wrong with the invitation, reset or reset request, in words a person can act on.
export function accountErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.isNetworkError) return 'The server is not reachable. Check your connection and try again.';
  if (error.status === 429) return 'Too many attempts from here. Wait a few minutes before trying again.';
  return error.detail;
}
