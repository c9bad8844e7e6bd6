// The fields a merge takes from one of the merged leads (by default the newest lead that has a value);
// tags are the union of all, and everything else stays the survivor's.
export const LEAD_MERGE_FIELDS = ['name', 'email', 'phone', 'company', 'role', 'subject', 'message', 'notes', 'priority', 'assigneeId', 'followUpAt', 'qualityScore'] as const;
export type LeadMergeField = (typeof LEAD_MERGE_FIELDS)[number];

// At most this many leads (the survivor included) in one merge.
export const LEAD_MERGE_MAX_LEADS = 10;

// A merge can be undone for this many days.
export const LEAD_MERGE_UNDO_DAYS = 30;

const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

// The lead whose value a field takes by default: the newest (createdAt, then id) with a non-empty value, or
// the survivor when none has one.
export function defaultMergeSource<L extends { id: string; createdAt: string | Date }>(leads: readonly L[], survivorId: string, value: (lead: L) => unknown): string {
  const newestFirst = [...leads].sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
  return newestFirst.find((lead) => !isEmpty(value(lead)))?.id ?? survivorId;
}
