import { ApiError } from '@/lib/api-client';

// The API's per-field validation messages by top-level field ("allowedOrigins.0" counts as allowedOrigins).
export function fieldErrorMap(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const byField: Record<string, string[]> = {};
  for (const { field, message } of error.fieldErrors) {
    const key = field.split('.')[0] ?? field;
    (byField[key] ??= []).push(message);
  }
  return Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, messages.join('; ')]));
}
