import type { Schemas } from '@hotleads/api-client';

type LeadDto = Schemas['LeadDto'];
type LeadChanges = Schemas['UpdateLeadDto'];

// The fields someone can change on a lead, in the order they are shown.
export const CONFLICT_FIELDS = [
  'status',
  'priority',
  'assigneeId',
  'qualityScore',
  'tags',
  'followUpAt',
  'name',
  'email',
  'phone',
  'company',
  'subject',
  'role',
  'notes',
  'firstContactedAt',
  'deletedAt',
] as const satisfies ReadonlyArray<keyof LeadDto>;

export type ConflictField = (typeof CONFLICT_FIELDS)[number];

export interface ConflictRow {
  field: ConflictField;
  // The value the user saw, the value on the server now, and theirs when they changed the field.
  before: unknown;
  theirs: unknown;
  yours?: { value: unknown };
  // Someone else changed it meanwhile; when `yours` is set too, reapplying overwrites their value.
  changedOnServer: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// Fields changed on the server since `base`, and the fields the user changed, side by side.
// Without a base (the lead was not cached) only the user's own fields can be shown.
export function conflictRows(base: LeadDto | undefined, current: LeadDto, changes: LeadChanges): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const field of CONFLICT_FIELDS) {
    const mine = Object.prototype.hasOwnProperty.call(changes, field);
    const changedOnServer = base !== undefined && !same(base[field], current[field]);
    if (!mine && !changedOnServer) continue;
    rows.push({
      field,
      before: base?.[field],
      theirs: current[field],
      ...(mine ? { yours: { value: (changes as Record<string, unknown>)[field] } } : {}),
      changedOnServer,
    });
  }
  return rows;
}
