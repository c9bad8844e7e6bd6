import { canTransition, LEAD_STATUS_TRANSITIONS, LEAD_STATUSES, type LeadPriority, type LeadStatus } from '@hotleads/shared';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { normaliseEmail } from '../../common/email/normalise-email';
import { DEFAULT_SLA_MINUTES, type SlaMinutes } from '../tenants/tenant.entity';

// The rules of a lead, in one place. Where PostgreSQL applies a rule too (a set-based merge, a trigger,
// a filter), the SQL is written here beside the TypeScript it copies, and lead-rules.spec.ts runs both on
// the same sample rows, so the two cannot drift apart unnoticed.

// ---------------------------------------------------------------------------------------------- tags

// Tags differing only in case are the same tag.
export const foldTag = (tag: string): string => tag.toLowerCase();

// Trimmed, blanks dropped, case duplicates dropped; the first spelling wins and the order is kept.
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '') continue;
    const folded = foldTag(tag);
    if (seen.has(folded)) continue;
    seen.add(folded);
    out.push(tag);
  }
  return out;
}

// A lead's tags after more arrive (a resubmission from the same source, a bulk "add tags"): the lead's
// own spelling stays, new ones are appended, and `removed` (any case) goes.
export function mergeTags(existing: readonly string[], added: readonly string[], removed: readonly string[] = []): string[] {
  const gone = new Set(removed.map((t) => foldTag(t.trim())));
  return normaliseTags([...existing, ...added]).filter((t) => !gone.has(foldTag(t)));
}

// The SQL of mergeTags for already-normalised arrays (text[] expressions): for each folded tag its first
// spelling, in order of first appearance. `removed` must be folded (lower-case) already.
export function mergeTagsSql(existing: string, added: string, removedFolded?: string): string {
  const where = removedFolded ? ` WHERE NOT (lower(x.t) = ANY(${removedFolded}))` : '';
  return `ARRAY(SELECT (array_agg(x.t ORDER BY x.n))[1] FROM unnest(${existing} || ${added}) WITH ORDINALITY AS x(t, n)${where} GROUP BY lower(x.t) ORDER BY min(x.n))`;
}

// --------------------------------------------------------------------------------------------- email

// Every stored address is compared in one form; common/email holds it because staff accounts share it,
// and leads reach it only through here.
export { normaliseEmail };

// --------------------------------------------------------------------------------------------- phone

// E.164 when the number parses as a valid one (international form, or national with a country);
// otherwise null and the caller keeps the raw text.
export function normalisePhone(raw: string, country?: string | null): string | null {
  const candidate = raw.replace(/^00(?=\d)/, '+');
  const code = country && /^[A-Za-z]{2}$/.test(country) ? (country.toUpperCase() as CountryCode) : undefined;
  try {
    const parsed = candidate.startsWith('+') ? parsePhoneNumberFromString(candidate) : code ? parsePhoneNumberFromString(candidate, code) : undefined;
    return parsed?.isValid() ? parsed.number : null;
  } catch {
    // libphonenumber throws on some malformed input instead of returning undefined.
    return null;
  }
}

// ----------------------------------------------------------------------------------------- lifecycle

export { canTransition, LEAD_STATUS_TRANSITIONS };

// The statuses a lead may move to `to` from (a bulk move filters on these).
export function predecessorsOf(to: LeadStatus): LeadStatus[] {
  return LEAD_STATUSES.filter((from) => canTransition(from, to));
}

// Undo: a status change may be taken back to the status it came from, even against the lifecycle (unread
// after processing, contacted after archived), when it is the caller's own last status change, made within
// the window, and nothing has changed the lead since (the caller's If-Match names the version it produced).
export const STATUS_UNDO_WINDOW_MS = 10 * 60_000;

export interface StatusChangeFacts {
  actorId: string | null;
  from: unknown;
  to: unknown;
  at: Date;
}

export function isStatusUndo(last: StatusChangeFacts | null, change: { from: LeadStatus; to: LeadStatus; actorId: string | null; versionChecked: boolean }, now = Date.now()): boolean {
  return (
    last !== null &&
    change.versionChecked &&
    change.actorId !== null &&
    last.actorId === change.actorId &&
    last.to === change.from &&
    last.from === change.to &&
    now - last.at.getTime() <= STATUS_UNDO_WINDOW_MS
  );
}

// An open lead takes part in dedup: not archived and not in the trash. The partial unique indexes on
// leads (email, phone per tenant) carry the same predicate.
export function isOpenLead(lead: { status: LeadStatus; deletedAt: Date | null }): boolean {
  return lead.deletedAt === null && lead.status !== 'archived';
}
export const OPEN_LEAD_SQL = (alias: string) => `${alias}.deleted_at IS NULL AND ${alias}.status <> 'archived'`;

// Leads still waiting for their first contact.
export const AWAITING_CONTACT: readonly LeadStatus[] = ['unread', 'processing'];

// ----------------------------------------------------------------------------------------------- SLA

// The response target of a priority in a workspace: its own setting, else the default. The SQL copy is
// the function lead_sla_minutes (migration TriageIndexes), which the insert and update triggers call to
// set respond_by = created_at + these minutes.
export function slaMinutes(priority: LeadPriority, settings?: Partial<SlaMinutes> | null): number {
  return settings?.[priority] ?? DEFAULT_SLA_MINUTES[priority];
}

export function respondBy(createdAt: Date, priority: LeadPriority, settings?: Partial<SlaMinutes> | null): Date {
  return new Date(createdAt.getTime() + slaMinutes(priority, settings) * 60_000);
}

export interface SlaFacts {
  firstContactedAt: Date | null;
  respondBy: Date | null;
  status: LeadStatus;
  deletedAt: Date | null;
}

// Breached: not yet contacted, past its due time, still waiting (unread or processing), not in the trash.
export function isSlaBreached(lead: SlaFacts, now = Date.now()): boolean {
  return (
    lead.firstContactedAt === null &&
    lead.respondBy !== null &&
    lead.respondBy.getTime() < now &&
    AWAITING_CONTACT.includes(lead.status) &&
    lead.deletedAt === null
  );
}

// The SQL copy of isSlaBreached, for filters and list columns (alias: the leads row).
export const slaBreachedSql = (alias = 'l') =>
  `(${alias}.first_contacted_at IS NULL AND ${alias}.respond_by < now() AND ${alias}.status IN ('unread', 'processing') AND ${alias}.deleted_at IS NULL)`;
