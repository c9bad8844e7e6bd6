import { ApiError } from '@/lib/api-client';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// The API explains refusals (role in use, built-in role, granting what you lack) in words meant for people.
export function roleErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.isNetworkError) return 'The server is not reachable. Check your connection and try again.';
  if (error.status === 404) return 'This role no longer exists; the list has been refreshed.';
  return error.detail;
}

// Errors about one field of the role form, by field (e.g. a name another role has).
export function roleFieldErrors(error: unknown): Partial<Record<'name' | 'description' | 'permissions', string>> {
  if (!(error instanceof ApiError)) return {};
  const errors: Partial<Record<'name' | 'description' | 'permissions', string>> = {};
  for (const { field, message } of error.fieldErrors) {
    const key = field.split('.')[0];
    if (key === 'name' || key === 'description' || key === 'permissions') errors[key] ??= sentence(message.replace(new RegExp(`^${key} `), ''));
  }
  return errors;
}
