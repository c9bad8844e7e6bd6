import type { paths } from '@hotleads/api-client';
import { EMAIL_VERDICTS, LEAD_PRIORITIES, LEAD_STATUSES, LEAD_TYPES, PHONE_LINE_TYPES, type EmailVerdict, type LeadPriority, type LeadStatus, type LeadType, type PhoneLineType } from '@hotleads/shared';

// The leads page's URL is the single source of truth for what the list shows: this module reads it into a
// normalised object (the list's query key) and writes that object back. The same query string is what a
// saved view stores. Anything unknown or malformed is dropped, so a hand-edited or old link still opens.

type ListQuery = NonNullable<paths['/api/v1/leads']['get']['parameters']['query']>;
type FilterBody = NonNullable<paths['/api/v1/leads/bulk-update']['post']['requestBody']>['content']['application/json']['filter'];

export type LeadSort = NonNullable<ListQuery['sort']>;
export type FollowUpWindow = NonNullable<ListQuery['followUp']>;

// Every follow-up window the API offers, with its label.
export const FOLLOW_UP_LABELS: Record<FollowUpWindow, string> = {
  overdue: 'Follow-up overdue',
  today: 'Follow-up today',
  week: 'Follow-up this week',
  none: 'No follow-up',
};
const FOLLOW_UP_WINDOWS = Object.keys(FOLLOW_UP_LABELS) as FollowUpWindow[];

// Every sort the API offers, with its label (a Record, so a sort added to the API fails the type check here).
export const LEAD_SORT_LABELS: Record<LeadSort, string> = {
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  '-priority': 'Highest priority',
  '-qualityScore': 'Best score',
  '-updatedAt': 'Recently updated',
  respondBy: 'Respond by (soonest)',
  '-score': 'Hottest first (computed score)',
  followUpAt: 'Follow-up (soonest)',
};
export const LEAD_SORTS = Object.keys(LEAD_SORT_LABELS) as LeadSort[];

export const DEFAULT_SORT: LeadSort = '-createdAt';

export interface LeadFilters {
  status: LeadStatus[];
  priority: LeadPriority[];
  type: LeadType[];
  source: string[];
  // Leads carrying every one of these.
  tag: string[];
  // 'me', 'none' (unassigned) or a user id; null for anyone.
  assignee: string | null;
  q: string;
  // Calendar days (YYYY-MM-DD) in the viewer's time zone, both inclusive.
  from: string | null;
  to: string | null;
  slaBreached: boolean;
  // Computed score at least this (0-100); null for any.
  scoreMin: number | null;
  followUp: FollowUpWindow | null;
  // Enrichment results.
  emailVerdict: EmailVerdict[];
  phoneLineType: PhoneLineType[];
  sort: LeadSort;
}

export const DEFAULT_LEAD_FILTERS: LeadFilters = {
  status: [],
  priority: [],
  type: [],
  source: [],
  tag: [],
  assignee: null,
  q: '',
  from: null,
  to: null,
  slaBreached: false,
  scoreMin: null,
  followUp: null,
  emailVerdict: [],
  phoneLineType: [],
  sort: DEFAULT_SORT,
};

// The API's limits (LeadFilterQueryDto).
const MAX_LIST_VALUES = 20;
const MAX_SOURCE_LENGTH = 100;
const MAX_TAG_LENGTH = 50;
export const MIN_SEARCH_LENGTH = 2;
const MAX_SEARCH_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// `status=unread,processing` and `status=unread&status=processing` both read as a list.
function listValues(params: URLSearchParams, key: string): string[] {
  return params
    .getAll(key)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

// Known values only, in the constant's order, so the same choice always gives the same key and URL.
function enumValues<T extends string>(values: readonly string[], allowed: readonly T[]): T[] {
  return allowed.filter((value) => values.includes(value));
}

// Free text values: trimmed, deduplicated, sorted, within the API's limits.
function textValues(values: readonly string[], maxLength: number): string[] {
  const kept = [...new Set(values.map((v) => v.trim()))].filter((v) => v !== '' && v.length <= maxLength && !v.includes(','));
  return kept.sort((a, b) => a.localeCompare(b)).slice(0, MAX_LIST_VALUES);
}

function dayOf(value: string | null): string | null {
  const match = value ? DAY.exec(value.trim()) : null;
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  const date = new Date(y, m - 1, d);
  // Rejects 2024-02-31 and friends, which Date would roll over into March.
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? match[0] : null;
}

function assigneeOf(value: string | null): string | null {
  const v = value?.trim().toLowerCase();
  return v && (v === 'me' || v === 'none' || UUID.test(v)) ? v : null;
}

export function normaliseSearch(value: string): string {
  const q = value.trim().replace(/\s+/g, ' ');
  return q.length >= MIN_SEARCH_LENGTH && q.length <= MAX_SEARCH_LENGTH ? q : '';
}

// Brings any filters object (a parsed URL, a form's state) into the one canonical shape.
export function normaliseLeadFilters(input: Partial<LeadFilters>): LeadFilters {
  let from = dayOf(input.from ?? null);
  let to = dayOf(input.to ?? null);
  if (from && to && from > to) [from, to] = [to, from];
  const sort = (LEAD_SORTS as readonly string[]).includes(input.sort ?? '') ? (input.sort as LeadSort) : DEFAULT_SORT;
  return {
    status: enumValues(input.status ?? [], LEAD_STATUSES),
    priority: enumValues(input.priority ?? [], LEAD_PRIORITIES),
    type: enumValues(input.type ?? [], LEAD_TYPES),
    source: textValues(input.source ?? [], MAX_SOURCE_LENGTH),
    tag: textValues(input.tag ?? [], MAX_TAG_LENGTH),
    assignee: assigneeOf(input.assignee ?? null),
    q: normaliseSearch(input.q ?? ''),
    from,
    to,
    slaBreached: input.slaBreached === true,
    scoreMin: scoreMinOf(input.scoreMin),
    followUp: (FOLLOW_UP_WINDOWS as readonly string[]).includes(input.followUp ?? '') ? input.followUp! : null,
    emailVerdict: enumValues(input.emailVerdict ?? [], EMAIL_VERDICTS),
    phoneLineType: enumValues(input.phoneLineType ?? [], PHONE_LINE_TYPES),
    sort,
  };
}

function scoreMinOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 100 ? n : null;
}

export function parseLeadFilters(search: URLSearchParams | string): LeadFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  return normaliseLeadFilters({
    status: listValues(params, 'status') as LeadStatus[],
    priority: listValues(params, 'priority') as LeadPriority[],
    type: listValues(params, 'type') as LeadType[],
    source: listValues(params, 'source'),
    tag: listValues(params, 'tag'),
    assignee: params.get('assignee'),
    q: params.get('q') ?? '',
    from: params.get('from'),
    to: params.get('to'),
    slaBreached: params.get('sla') === 'breached',
    scoreMin: scoreMinOf(params.get('scoreMin')),
    followUp: params.get('followUp') as FollowUpWindow | null,
    emailVerdict: listValues(params, 'emailVerdict') as EmailVerdict[],
    phoneLineType: listValues(params, 'phoneLineType') as PhoneLineType[],
    sort: (params.get('sort') ?? DEFAULT_SORT) as LeadSort,
  });
}

// The query string (without `?`) for these filters, in a fixed key order and with readable commas; only
// what differs from the defaults is written.
export function serialiseLeadFilters(input: LeadFilters): string {
  const filters = normaliseLeadFilters(input);
  const parts: string[] = [];
  const list = (key: string, values: readonly string[]) => {
    if (values.length) parts.push(`${key}=${values.map(encodeURIComponent).join(',')}`);
  };
  const one = (key: string, value: string | null) => {
    if (value) parts.push(`${key}=${encodeURIComponent(value)}`);
  };
  one('q', filters.q);
  list('status', filters.status);
  list('priority', filters.priority);
  list('type', filters.type);
  list('source', filters.source);
  list('tag', filters.tag);
  one('assignee', filters.assignee);
  one('from', filters.from);
  one('to', filters.to);
  if (filters.slaBreached) parts.push('sla=breached');
  if (filters.scoreMin !== null) parts.push(`scoreMin=${filters.scoreMin}`);
  one('followUp', filters.followUp);
  list('emailVerdict', filters.emailVerdict);
  list('phoneLineType', filters.phoneLineType);
  if (filters.sort !== DEFAULT_SORT) one('sort', filters.sort);
  return parts.join('&');
}

// How many filters narrow the list (the sort is not a filter).
export function countActiveFilters(filters: LeadFilters): number {
  return (
    [filters.status, filters.priority, filters.type, filters.source, filters.tag, filters.emailVerdict, filters.phoneLineType].filter((values) => values.length > 0).length +
    [filters.assignee, filters.q, filters.from ?? filters.to, filters.followUp].filter(Boolean).length +
    (filters.slaBreached ? 1 : 0) +
    (filters.scoreMin !== null ? 1 : 0)
  );
}

export const hasActiveFilters = (filters: LeadFilters) => countActiveFilters(filters) > 0;

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// The start of a calendar day in the viewer's time zone, as an ISO instant.
function startOfDay(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + addDays).toISOString();
}

// The filter part as the API takes it (query string of the list and export, body of the bulk actions).
export function toFilterBody(filters: LeadFilters): NonNullable<FilterBody> {
  const body: NonNullable<FilterBody> = {};
  if (filters.status.length) body.status = filters.status;
  if (filters.priority.length) body.priority = filters.priority;
  if (filters.type.length) body.type = filters.type;
  if (filters.source.length) body.source = filters.source;
  if (filters.tag.length) body.tag = filters.tag;
  if (filters.assignee) body.assignee = filters.assignee;
  if (filters.q) body.q = filters.q;
  if (filters.from) body.createdFrom = startOfDay(filters.from);
  // `to` is inclusive here and exclusive for the API: the start of the next day.
  if (filters.to) body.createdTo = startOfDay(filters.to, 1);
  if (filters.slaBreached) body.slaBreached = true;
  if (filters.scoreMin !== null) body.scoreMin = filters.scoreMin;
  if (filters.followUp) {
    body.followUp = filters.followUp;
    // "Today" and "this week" are the viewer's calendar days.
    if (filters.followUp === 'today' || filters.followUp === 'week') body.tz = viewerTimeZone();
  }
  if (filters.emailVerdict.length) body.emailVerdict = filters.emailVerdict;
  if (filters.phoneLineType.length) body.phoneLineType = filters.phoneLineType;
  return body;
}

export function toListQuery(filters: LeadFilters, page: { cursor?: string; limit: number }): ListQuery {
  const query: ListQuery = { ...toFilterBody(filters), limit: page.limit };
  if (filters.sort !== DEFAULT_SORT) query.sort = filters.sort;
  if (page.cursor) query.cursor = page.cursor;
  return query;
}
