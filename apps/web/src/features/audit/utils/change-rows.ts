export interface ChangeRow {
  // `name`, or `slaMinutes.urgent` for a member of a changed object.
  field: string;
  // Absent when the entry records only the new value (e.g. what a new API key was created with).
  before?: unknown;
  after: unknown;
  hasBefore: boolean;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// A change written as { from, to }.
function isFromTo(value: unknown): value is { from?: unknown; to?: unknown } {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === 'from' || key === 'to');
}

// Both sides objects (e.g. all SLA targets): one row per member that differs, so the one that changed stands out.
function diffRows(field: string, before: unknown, after: unknown): ChangeRow[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const rows = keys.filter((key) => !same(before[key], after[key])).flatMap((key) => diffRows(`${field}.${key}`, before[key], after[key]));
    if (rows.length) return rows;
  }
  return [{ field, before, after, hasBefore: true }];
}

// The rows of an audit entry's "changes": before and after for { from, to } pairs, the value alone otherwise.
export function changeRows(changes: Record<string, unknown> | null | undefined): ChangeRow[] {
  if (!changes) return [];
  return Object.entries(changes).flatMap(([field, value]) =>
    isFromTo(value) ? diffRows(field, value.from ?? null, value.to ?? null) : [{ field, after: value, hasBefore: false }],
  );
}

// How a stored value reads in a table cell.
export function formatChangeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.length ? value.join(', ') : '(none)';
  }
  return JSON.stringify(value);
}
