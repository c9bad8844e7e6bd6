import { ApiError } from '@/lib/api-client';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// The API's own explanation (last owner, granting more than you hold, pending invitation, ...) is written for
// people; only transport failures need words of ours.
export function userErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.isNetworkError) return 'The server is not reachable. Check your connection and try again.';
  if (error.status === 404) return 'This user no longer exists; the list has been refreshed.';
  if (error.code === 'validation_failed' && error.fieldErrors.length) {
    return error.fieldErrors.map((field) => sentence(`${field.field} ${field.message}`)).join('. ');
  }
  return error.detail;
}

// Errors about one field of the invitation form, by field.
export function inviteFieldErrors(error: unknown): Partial<Record<'email' | 'name' | 'roleId', string>> {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'email_taken') return { email: error.detail };
  const errors: Partial<Record<'email' | 'name' | 'roleId', string>> = {};
  for (const { field, message } of error.fieldErrors) {
    if (field === 'email' || field === 'name' || field === 'roleId') errors[field] ??= sentence(message.replace(new RegExp(`^${field} `), ''));
  }
  return errors;
}
