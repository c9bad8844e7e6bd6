import { LEAD_PRIORITIES, LEAD_TYPES, type LeadPriority, type LeadType } from '@hotleads/shared';
import { isEmail } from 'class-validator';
import type { FieldError } from '../../common/problem/problem.exception';
import { normaliseEmail, normalisePhone, normaliseTags } from './lead-rules';

// Callers that validate a phone beside a lead (triage) read the rule through here too.
export { normalisePhone };

// What a form, the API or an import row may say about a lead, before validation.
export interface LeadInput {
  type?: LeadType;
  name?: string;
  email?: string;
  phone?: string;
  // ISO 3166-1 alpha-2; only used to read a phone number written without its international prefix.
  country?: string;
  company?: string;
  subject?: string;
  message?: string;
  role?: string;
  source?: string;
  sourceRef?: string;
  priority?: LeadPriority;
  qualityScore?: number;
  tags?: string[];
  metadata?: Record<string, unknown>;
}

// A validated lead, ready for LeadIntakeService.ingest.
export interface NormalisedLead {
  type: LeadType;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  subject: string | null;
  message: string | null;
  role: string | null;
  source: string;
  sourceRef: string | null;
  priority: LeadPriority;
  qualityScore: number | null;
  tags: string[];
  metadata: Record<string, unknown>;
  formId: string | null;
}

export interface LeadDefaults {
  source: string;
  type?: LeadType;
  priority?: LeadPriority;
  tags?: string[];
  formId?: string | null;
  // Captured by the caller (client IP, UTM, ...): wins over metadata sent in the input.
  metadata?: Record<string, unknown>;
}

export type NormaliseResult = { lead: NormalisedLead } | { errors: FieldError[] };

export const LEAD_LIMITS = {
  name: 200,
  email: 320,
  phone: 40,
  company: 200,
  subject: 300,
  message: 10_000,
  role: 200,
  source: 100,
  sourceRef: 200,
  tags: 20,
  tag: 50,
  // Serialised JSON size of the caller's metadata object.
  metadata: 16_384,
} as const;

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);

type TextField = 'name' | 'email' | 'phone' | 'company' | 'subject' | 'message' | 'role' | 'source' | 'sourceRef';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Trimmed text or null for absent/blank; a non-string or an over-long value is a field error.
function text(input: Record<string, unknown>, field: TextField, errors: FieldError[]): string | null {
  const value = input[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field, message: `${field} must be a string` });
    return null;
  }
  const trimmed = value.trim();
  if (trimmed.length > LEAD_LIMITS[field]) {
    errors.push({ field, message: `${field} must be at most ${LEAD_LIMITS[field]} characters` });
    return null;
  }
  return trimmed === '' ? null : trimmed;
}

export const LEAD_EMAIL_MESSAGE = 'email must be an email address';

// The one email rule of a lead, used by normaliseLead and by the DTO (so a request with a bad email and
// another bad field names both).
export function isLeadEmail(raw: unknown): boolean {
  return typeof raw === 'string' && (raw.trim() === '' || isEmail(normaliseEmail(raw)));
}

function tagsOf(defaults: readonly string[], value: unknown, errors: FieldError[]): string[] {
  let given: string[] = [];
  if (value !== undefined && value !== null) {
    if (!Array.isArray(value) || value.some((t) => typeof t !== 'string')) {
      errors.push({ field: 'tags', message: 'tags must be an array of strings' });
      return [];
    }
    given = value as string[];
  }
  for (const raw of [...defaults, ...given]) {
    if (raw.trim().length > LEAD_LIMITS.tag) {
      errors.push({ field: 'tags', message: `each tag must be at most ${LEAD_LIMITS.tag} characters` });
      return [];
    }
  }
  const out = normaliseTags([...defaults, ...given]);
  if (out.length > LEAD_LIMITS.tags) errors.push({ field: 'tags', message: `at most ${LEAD_LIMITS.tags} tags` });
  return out;
}

// Validates and normalises one submission; never throws, so a batch can report per item.
export function normaliseLead(input: LeadInput, defaults: LeadDefaults): NormaliseResult {
  const errors: FieldError[] = [];
  // Callers pass parsed request bodies, so nothing about the runtime types is taken for granted.
  if (!isRecord(input)) return { errors: [{ field: '', message: 'a lead must be an object' }] };
  const raw: Record<string, unknown> = input;

  const name = text(raw, 'name', errors);
  const company = text(raw, 'company', errors);
  const subject = text(raw, 'subject', errors);
  const message = text(raw, 'message', errors);
  const role = text(raw, 'role', errors);
  const source = text(raw, 'source', errors) ?? defaults.source;
  const sourceRef = text(raw, 'sourceRef', errors);

  let email = text(raw, 'email', errors);
  if (email !== null) {
    email = normaliseEmail(email);
    if (!isLeadEmail(email)) {
      errors.push({ field: 'email', message: LEAD_EMAIL_MESSAGE });
      email = null;
    }
  }

  let country: string | null = null;
  if (raw.country !== undefined && raw.country !== null && raw.country !== '') {
    if (typeof raw.country !== 'string' || !/^[A-Za-z]{2}$/.test(raw.country.trim())) {
      errors.push({ field: 'country', message: 'country must be an ISO 3166-1 alpha-2 code' });
    } else {
      country = raw.country.trim().toUpperCase();
    }
  }

  const rawPhone = text(raw, 'phone', errors);
  const phone = rawPhone === null ? null : normalisePhone(rawPhone, country);

  const type = raw.type ?? defaults.type ?? 'contact';
  if (!isOneOf(LEAD_TYPES, type)) errors.push({ field: 'type', message: `type must be one of ${LEAD_TYPES.join(', ')}` });
  const priority = raw.priority ?? defaults.priority ?? 'medium';
  if (!isOneOf(LEAD_PRIORITIES, priority)) errors.push({ field: 'priority', message: `priority must be one of ${LEAD_PRIORITIES.join(', ')}` });

  let qualityScore: number | null = null;
  if (raw.qualityScore !== undefined && raw.qualityScore !== null) {
    if (typeof raw.qualityScore !== 'number' || !Number.isInteger(raw.qualityScore) || raw.qualityScore < 0 || raw.qualityScore > 100) {
      errors.push({ field: 'qualityScore', message: 'qualityScore must be an integer from 0 to 100' });
    } else {
      qualityScore = raw.qualityScore;
    }
  }

  const tags = tagsOf(defaults.tags ?? [], raw.tags, errors);

  let given: Record<string, unknown> = {};
  if (raw.metadata !== undefined && raw.metadata !== null) {
    if (!isRecord(raw.metadata)) {
      errors.push({ field: 'metadata', message: 'metadata must be an object' });
    } else if (JSON.stringify(raw.metadata).length > LEAD_LIMITS.metadata) {
      errors.push({ field: 'metadata', message: `metadata must serialise to at most ${LEAD_LIMITS.metadata} characters` });
    } else {
      given = raw.metadata;
    }
  }

  if (email === null && rawPhone === null && !errors.some((e) => e.field === 'email')) {
    errors.push({ field: 'email', message: 'at least one of email or phone is required' });
  }
  if (errors.length > 0 || !isOneOf(LEAD_TYPES, type) || !isOneOf(LEAD_PRIORITIES, priority)) return { errors };

  const metadata: Record<string, unknown> = { ...given, ...defaults.metadata };
  if (country !== null) metadata.country = country;
  // An unreadable number is still worth keeping for a human to call.
  if (rawPhone !== null && phone === null) metadata.rawPhone = rawPhone;

  return {
    lead: { type, name, email, phone, company, subject, message, role, source, sourceRef, priority, qualityScore, tags, metadata, formId: defaults.formId ?? null },
  };
}
