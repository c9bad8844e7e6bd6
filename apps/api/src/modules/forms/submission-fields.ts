import type { FieldError } from '../../common/problem/problem.exception';
import type { LeadInput } from '../leads/lead-input';

// What a visitor may say about themselves. Type, source, priority, tags and score come from the form:
// a visitor does not triage their own lead, so such fields are kept as ordinary extra fields.
export const PERSON_FIELDS = ['name', 'email', 'phone', 'country', 'company', 'subject', 'message', 'role'] as const;
export const UTM_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export const HONEYPOT_FIELD = '_hp';
export const REDIRECT_FIELD = '_redirect';
// The consent checkbox: a form that asks for consent refuses a submission without it.
export const CONSENT_FIELD = 'consent';

export const SUBMISSION_LIMITS = { extraFields: 50, fieldName: 100, fieldValue: 2000, utm: 200, redirect: 2000 } as const;

export interface ParsedSubmission {
  input: LeadInput;
  redirect: string | null;
  utm: Record<string, string>;
  // Everything else the form sent (forms are built by the customer), bounded in number and size.
  fields: Record<string, unknown>;
  // The consent checkbox was ticked (true, or a checkbox's "on", "true", "yes", "1").
  consent: boolean;
}

export type ParseResult = { submission: ParsedSubmission } | { errors: FieldError[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const RESERVED = new Set<string>([...PERSON_FIELDS, ...UTM_FIELDS, HONEYPOT_FIELD, REDIRECT_FIELD, CONSENT_FIELD]);
const TICKED = new Set(['on', 'true', 'yes', '1']);

// The hidden field real people leave empty.
export function honeypotFilled(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const value = body[HONEYPOT_FIELD];
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

// A form-encoded body repeats a key for several values; one value is what these fields take.
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

// Where the browser asks to be sent afterwards; the caller checks it against the form's list.
export function redirectOf(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const value = single(body[REDIRECT_FIELD]);
  return typeof value === 'string' && value.length <= SUBMISSION_LIMITS.redirect ? value : null;
}

// Splits a JSON or form-encoded body (and the query, for UTM parameters) into the lead's own fields, the
// UTM parameters, the redirect and the extra fields. Lengths of the lead's fields are checked later by
// normaliseLead; the rest is bounded here.
export function parseSubmission(body: unknown, query: Record<string, unknown>): ParseResult {
  if (body === undefined || body === null) body = {};
  if (!isRecord(body)) return { errors: [{ field: '', message: 'the body must be a JSON object or form fields' }] };
  const errors: FieldError[] = [];

  const input: LeadInput = {};
  for (const field of PERSON_FIELDS) {
    const value = single(body[field]);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') errors.push({ field, message: `${field} must be a single text value` });
    else input[field] = value;
  }

  const utm: Record<string, string> = {};
  for (const field of UTM_FIELDS) {
    const value = single(body[field] ?? query[field]);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') errors.push({ field, message: `${field} must be a single text value` });
    else if (value.length > SUBMISSION_LIMITS.utm) errors.push({ field, message: `${field} must be at most ${SUBMISSION_LIMITS.utm} characters` });
    else utm[field.slice('utm_'.length)] = value.trim();
  }

  const redirect = redirectOf(body);
  const ticked = single(body[CONSENT_FIELD]);
  const consent = ticked === true || (typeof ticked === 'string' && TICKED.has(ticked.trim().toLowerCase()));

  // No prototype: a field named __proto__ must stay a field.
  const fields = Object.create(null) as Record<string, unknown>;
  const extra = Object.keys(body).filter((key) => !RESERVED.has(key));
  if (extra.length > SUBMISSION_LIMITS.extraFields) {
    errors.push({ field: 'fields', message: `at most ${SUBMISSION_LIMITS.extraFields} additional fields` });
  } else {
    for (const key of extra) {
      const value = body[key];
      if (key.length > SUBMISSION_LIMITS.fieldName) errors.push({ field: key.slice(0, SUBMISSION_LIMITS.fieldName), message: `field names must be at most ${SUBMISSION_LIMITS.fieldName} characters` });
      else if (JSON.stringify(value ?? null).length > SUBMISSION_LIMITS.fieldValue) errors.push({ field: key, message: `${key} must be at most ${SUBMISSION_LIMITS.fieldValue} characters` });
      else fields[key] = value;
    }
  }

  return errors.length > 0 ? { errors } : { submission: { input, redirect, utm, fields, consent } };
}
