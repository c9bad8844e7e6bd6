import { ApiError } from './api-client';

// The API's per-field validation messages as form errors, by top-level field ("scopes.0" counts as scopes).
export function fieldErrorMap(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const byField: Record<string, string[]> = {};
  for (const { field, message } of error.fieldErrors) {
    const key = field.split('.')[0] ?? field;
    (byField[key] ??= []).push(message);
  }
  return Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, messages.join('; ')]));
}
