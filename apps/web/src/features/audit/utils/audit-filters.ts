import type { paths } from '@hotleads/api-client';

type ListQuery = NonNullable<paths['/api/v1/audit-logs']['get']['parameters']['query']>;

// What the list and the export are filtered by; the same names in the page's URL and the API's query.
export type AuditFilters = Omit<ListQuery, 'cursor' | 'limit'>;
export type ActorType = NonNullable<AuditFilters['actorType']>;
export type AuditOutcome = NonNullable<AuditFilters['outcome']>;

export const ACTOR_TYPES: readonly ActorType[] = ['user', 'api_key', 'system', 'anonymous'];
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

const TEXT_KEYS = ['action', 'actorId', 'resourceType', 'resourceId'] as const;
// The order the filters appear in a URL, so the same filters always give the same link and cache key.
const KEYS = [
  'action',
  'actorType',
  'actorId',
  'resourceType',
  'resourceId',
  'outcome',
  'from',
  'to',
] as const satisfies readonly (keyof AuditFilters)[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

function instant(value: string | null): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

// The filters in a page URL. A value the API would refuse (an unknown outcome, a malformed id or date from an
// edited link) is dropped rather than turning the whole page into an error.
export function readAuditFilters(search: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of TEXT_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  if (filters.actorId && !UUID.test(filters.actorId)) delete filters.actorId;
  const actorType = search.get('actorType');
  if (isOneOf(ACTOR_TYPES, actorType)) filters.actorType = actorType;
  const outcome = search.get('outcome');
  if (isOneOf(AUDIT_OUTCOMES, outcome)) filters.outcome = outcome;
  const from = instant(search.get('from'));
  if (from) filters.from = from;
  const to = instant(search.get('to'));
  if (to) filters.to = to;
  return filters;
}

// The URL search for `filters`: only the filters set, always in the same order.
export function writeAuditFilters(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key]?.trim();
    if (value) search.set(key, value);
  }
  return search;
}

export const hasAuditFilters = (filters: AuditFilters): boolean => writeAuditFilters(filters).size > 0;
