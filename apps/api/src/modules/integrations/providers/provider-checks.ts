import type { Credentials } from '../credentials-vault';
import { ProviderError } from './provider-error';
import type { CredentialCheck, TestOutcome } from './webhook-provider';

// Helpers every provider of a connection shares (webhook sources, enrichment, SMS).

export function testOutcome(label: string, run: () => Promise<unknown>): Promise<TestOutcome> {
  return run().then(
    () => ({ ok: true, message: `Connected to ${label}` }),
    (error: unknown) => {
      if (error instanceof ProviderError) return { ok: false, message: error.message };
      throw error;
    },
  );
}

// Credential fields: trimmed strings of a shape, and nothing else.
export function checkFields(label: string, input: Record<string, unknown> | undefined, creating: boolean, shapes: Record<string, { pattern: RegExp; message: string }>, required: (given: Set<string>) => string[] | string): CredentialCheck {
  if (input === undefined) {
    return creating ? { credentials: null, errors: [{ field: 'credentials', message: `${label} needs credentials` }] } : { credentials: null, errors: [] };
  }
  const errors = [];
  const out: Credentials = {};
  for (const field of Object.keys(input)) {
    const shape = shapes[field];
    if (!shape) {
      errors.push({ field: `credentials.${field}`, message: `${field} is not a ${label} credential` });
      continue;
    }
    const value = input[field];
    if (typeof value !== 'string' || !shape.pattern.test(value.trim())) errors.push({ field: `credentials.${field}`, message: shape.message });
    else out[field] = value.trim();
  }
  const needed = required(new Set(Object.keys(out)));
  if (typeof needed === 'string') errors.push({ field: 'credentials', message: needed });
  else for (const field of needed) if (!(field in out) && !errors.some((e) => e.field === `credentials.${field}`)) errors.push({ field: `credentials.${field}`, message: shapes[field].message });
  return errors.length > 0 ? { credentials: null, errors } : { credentials: out, errors: [] };
}
