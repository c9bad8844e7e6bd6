import { LEAD_STATUSES, type LeadPriority, type LeadStatus, type LeadType } from '@hotleads/shared';
import { slaBreachedSql } from './lead-rules';

// The SQL behind the lead list, the export, the bulk actions and the benchmark's baseline server. Pure:
// it only turns a filter, a sort and a position into SQL text and parameters. Every parameter is written
// with an explicit cast (`$3::text[]`), which is what lets the export inline them for COPY.

export interface LeadFilter {
  status?: LeadStatus[];
  priority?: LeadPriority[];
  type?: LeadType[];
  source?: string[];
  // Every tag given must be on the lead.
  tag?: string[];
  // A user id, or 'none' for unassigned leads ('me' is resolved by the caller).
  assignee?: string;
  q?: string;
  createdFrom?: Date;
  createdTo?: Date;
  slaBreached?: boolean;
  includeDeleted?: boolean;
  // Computed score at least this.
  scoreMin?: number;
  // When the follow-up falls; "today" and "week" are calendar days in the caller's time zone.
  followUp?: { when: FollowUpWindow; timeZone: string };
  // Enrichment results (Kickbox's verdict, Twilio's line type).
  emailVerdict?: string[];
  phoneLineType?: string[];
}

// overdue: before now; today: during today; week: from the start of today through the next seven days;
// none: no follow-up set.
export const FOLLOW_UP_WINDOWS = ['overdue', 'today', 'week', 'none'] as const;
export type FollowUpWindow = (typeof FOLLOW_UP_WINDOWS)[number];

export const LEAD_SORTS = ['-createdAt', 'createdAt', '-priority', '-qualityScore', '-updatedAt', 'respondBy', '-score', 'followUpAt'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

type KeyKind = 'timestamptz' | 'smallint' | 'uuid';

interface SortSpec {
  // The sort keys, the last one always the id so the order is total; all in one direction, so one row
  // comparison is the keyset condition and one index serves it.
  keys: ReadonlyArray<{ sql: string; kind: KeyKind }>;
  direction: 'ASC' | 'DESC';
}

// The date sorts are served by the (tenant_id, <date>, id) indexes of the entity. The others (priority,
// quality, score, respond-by, follow-up) have no index since the HotLeadUpdates migration (decision 0037):
// each was one more entry to write for every updated lead, so they end in a top-N sort of the matches.
const SORTS: Record<LeadSort, SortSpec> = {
  '-createdAt': { keys: [{ sql: 'l.created_at', kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }], direction: 'DESC' },
  createdAt: { keys: [{ sql: 'l.created_at', kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }], direction: 'ASC' },
  '-priority': {
    keys: [{ sql: 'lead_priority_rank(l.priority)', kind: 'smallint' }, { sql: 'l.created_at', kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }],
    direction: 'DESC',
  },
  '-qualityScore': {
    keys: [{ sql: 'coalesce(l.quality_score, -1)', kind: 'smallint' }, { sql: 'l.created_at', kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }],
    direction: 'DESC',
  },
  '-score': {
    keys: [{ sql: 'coalesce(l.score, -1)', kind: 'smallint' }, { sql: 'l.created_at', kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }],
    direction: 'DESC',
  },
  '-updatedAt': { keys: [{ sql: 'l.updated_at', kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }], direction: 'DESC' },
  respondBy: { keys: [{ sql: `coalesce(l.respond_by, 'infinity'::timestamptz)`, kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }], direction: 'ASC' },
  // Soonest follow-up first, leads without one last.
  followUpAt: { keys: [{ sql: `coalesce(l.follow_up_at, 'infinity'::timestamptz)`, kind: 'timestamptz' }, { sql: 'l.id', kind: 'uuid' }], direction: 'ASC' },
};

// The start of the caller's current day (a timestamptz expression); `zone` is a parameter reference.
export const startOfTodaySql = (zone: string) => `(date_trunc('day', now() AT TIME ZONE ${zone}) AT TIME ZONE ${zone})`;

// Search runs on one trigram-indexed expression (see the migration); terms are matched as substrings.
export const LEAD_SEARCH_EXPRESSION = 'lead_search_text(l.name, l.email, l.phone, l.company, l.subject)';

// A lead whose first response is overdue: still waiting for a first contact, past its respond-by time,
// neither archived, converted nor in the trash.
// The SQL copy of the SLA rule lives beside the rule (lead-rules.ts), tested against it there.
export const SLA_BREACHED_SQL = slaBreachedSql('l');

// The columns of a lead, named as LeadRow (lead-dto.mapper.ts) has them; toLeadDto makes the API's shape.
export const LEAD_COLUMNS_SQL = `l.id, l.type, l.status, l.priority, l.quality_score AS "qualityScore", l.name, l.email, l.phone, l.company,
  l.subject, l.message, l.role, l.notes, l.source, l.source_ref AS "sourceRef", l.form_id AS "formId", l.tags, l.metadata,
  l.assignee_id AS "assigneeId", l.follow_up_at AS "followUpAt", l.first_contacted_at AS "firstContactedAt",
  l.last_contacted_at AS "lastContactedAt", l.respond_by AS "respondBy", l.version,
  l.email_verdict AS "emailVerdict", l.phone_valid AS "phoneValid", l.phone_line_type AS "phoneLineType",
  l.created_at AS "createdAt", l.updated_at AS "updatedAt", l.deleted_at AS "deletedAt",
  l.score, l.score_reasons AS "scoreReasons"`;

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

// Escapes LIKE's wildcards so a search for "50%" finds "50%", not everything starting with "50".
function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Phones are stored in E.164 (+49303644053), so a number typed with spaces, dashes, brackets or a national
// trunk prefix ("030 3644053", "+49 (0)30 364-4053", "0049 30…") is searched as its significant digits, which
// the stored form contains. Without a country this cannot tell a trunk 0 from an international 00, and needs
// none: both are prefixes the stored number does not have.
const PHONE_LIKE = /^[+(]?[\d\s()./-]+$/;
const MIN_PHONE_DIGITS = 6;

export function phoneSearchDigits(q: string): string | null {
  if (!PHONE_LIKE.test(q)) return null;
  const digits = q.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return null;
  if (q.trimStart().startsWith('+')) return digits;
  return digits.replace(/^00?/, '');
}

// What a search looks for: the text (a phone-like term as its digits) and, for a single word, the external
// reference it may be.
export function searchTerm(q: string): { text: string; reference?: string } {
  const text = phoneSearchDigits(q) ?? q;
  return /\s/.test(q) ? { text } : { text, reference: q };
}

// The WHERE clause for a tenant and a filter; parameters are numbered from `params.length + 1`.
export function leadWhere(tenantId: string, filter: LeadFilter, params: unknown[] = []): SqlQuery {
  const clauses: string[] = [];
  const add = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  // One value is written as `=`: PostgreSQL 15 cannot walk a (tenant, column, created_at) index in order
  // for `= ANY(array)`, even of one element, so the first page of one status scanned the newest leads of
  // the whole workspace and filtered them (after a bulk update to that status: 146,000 rows for 50).
  const oneOf = (column: string, values: string[]) => (values.length === 1 ? `${column} = ${add(values[0], 'text')}` : `${column} = ANY(${add(values, 'text[]')})`);
  const tenant = add(tenantId, 'uuid');
  clauses.push(`l.tenant_id = ${tenant}`);
  if (!filter.includeDeleted) clauses.push('l.deleted_at IS NULL');
  if (filter.status?.length) clauses.push(oneOf('l.status', filter.status));
  if (filter.priority?.length) clauses.push(oneOf('l.priority', filter.priority));
  if (filter.type?.length) clauses.push(oneOf('l.type', filter.type));
  if (filter.source?.length) clauses.push(oneOf('l.source', filter.source));
  // Tags and search go through functions that can use their indexes under row-level security (see the
  // TriageIndexes migration); the tag condition is repeated so the row is checked as the app role too.
  if (filter.tag?.length) {
    const tags = add(filter.tag, 'text[]');
    clauses.push(`l.id IN (SELECT lead_ids_tagged(${tags}))`, `l.tags @> ${tags}`);
  }
  if (filter.assignee === 'none') clauses.push('l.assignee_id IS NULL');
  else if (filter.assignee) clauses.push(`l.assignee_id = ${add(filter.assignee, 'uuid')}`);
  if (filter.q) {
    const term = searchTerm(filter.q);
    const pattern = add(likePattern(term.text), 'text');
    if (term.reference === undefined) {
      clauses.push(`l.id IN (SELECT lead_ids_matching(${pattern}))`, `${LEAD_SEARCH_EXPRESSION} LIKE ${pattern}`);
    } else {
      // One word may also be a lead's external reference, matched exactly (ix_leads_source_ref_lookup).
      const reference = add(term.reference, 'text');
      clauses.push(
        `l.id IN (SELECT lead_ids_matching(${pattern}) UNION ALL SELECT r.id FROM leads r WHERE r.tenant_id = ${tenant} AND r.source_ref = ${reference})`,
        `(${LEAD_SEARCH_EXPRESSION} LIKE ${pattern} OR l.source_ref = ${reference})`,
      );
    }
  }
  if (filter.createdFrom) clauses.push(`l.created_at >= ${add(filter.createdFrom.toISOString(), 'timestamptz')}`);
  if (filter.createdTo) clauses.push(`l.created_at < ${add(filter.createdTo.toISOString(), 'timestamptz')}`);
  if (filter.emailVerdict?.length) clauses.push(oneOf('l.email_verdict', filter.emailVerdict));
  if (filter.phoneLineType?.length) clauses.push(oneOf('l.phone_line_type', filter.phoneLineType));
  if (filter.slaBreached === true) clauses.push(SLA_BREACHED_SQL);
  if (filter.slaBreached === false) clauses.push(`NOT ${SLA_BREACHED_SQL}`);
  if (filter.scoreMin !== undefined) clauses.push(`coalesce(l.score, -1) >= ${add(filter.scoreMin, 'int')}`);
  if (filter.followUp) clauses.push(followUpClause(filter.followUp.when, () => add(filter.followUp!.timeZone, 'text')));
  return { sql: clauses.join(' AND '), params };
}

function followUpClause(when: FollowUpWindow, zone: () => string): string {
  if (when === 'none') return 'l.follow_up_at IS NULL';
  if (when === 'overdue') return 'l.follow_up_at < now()';
  const tz = zone();
  // Calendar days in the zone, so a day of a daylight-saving change is 23 or 25 hours long.
  const days = when === 'today' ? 1 : 8;
  return `l.follow_up_at >= ${startOfTodaySql(tz)} AND l.follow_up_at < ((date_trunc('day', now() AT TIME ZONE ${tz}) + interval '${days} day') AT TIME ZONE ${tz})`;
}

// A page position: the sort it belongs to and the last row's sort keys as PostgreSQL wrote them (text
// keeps the microseconds a JavaScript Date would drop). Opaque to clients.
export interface LeadCursor {
  sort: LeadSort;
  keys: string[];
}

const KEY_FORMATS: Record<KeyKind, RegExp> = {
  timestamptz: /^(infinity|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)?)$/,
  smallint: /^-?\d{1,5}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

export function encodeLeadCursor(cursor: LeadCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, ...cursor.keys]), 'utf8').toString('base64url');
}

// Null for anything this API did not produce, including a cursor of another sort.
export function decodeLeadCursor(value: string, sort: LeadSort): LeadCursor | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed[0] !== sort) return null;
  const keys = parsed.slice(1);
  const spec = SORTS[sort].keys;
  if (keys.length !== spec.length) return null;
  if (!keys.every((k, i) => typeof k === 'string' && KEY_FORMATS[spec[i].kind].test(k))) return null;
  return { sort, keys: keys as string[] };
}

export interface LeadPageQueryOptions {
  tenantId: string;
  filter: LeadFilter;
  sort: LeadSort;
  after: LeadCursor | null;
  // Rows to read: the page size plus one tells whether another page follows.
  limit: number;
}

// One page of leads, with the sort keys of each row as `_k0`, `_k1`, ... for the next cursor.
export function buildLeadListQuery(options: LeadPageQueryOptions): SqlQuery {
  const spec = SORTS[options.sort];
  const where = leadWhere(options.tenantId, options.filter);
  const params = where.params;
  let keyset = '';
  if (options.after) {
    const values = options.after.keys.map((key, i) => {
      params.push(key);
      return `$${params.length}::${spec.keys[i].kind}`;
    });
    keyset = ` AND (${spec.keys.map((k) => k.sql).join(', ')}) ${spec.direction === 'DESC' ? '<' : '>'} (${values.join(', ')})`;
  }
  params.push(options.limit);
  const keyColumns = spec.keys.map((k, i) => `(${k.sql})::text AS "_k${i}"`).join(', ');
  const orderBy = spec.keys.map((k) => `${k.sql} ${spec.direction}`).join(', ');
  return {
    sql: `SELECT ${LEAD_COLUMNS_SQL}, ${keyColumns} FROM leads l WHERE ${where.sql}${keyset} ORDER BY ${orderBy} LIMIT $${params.length}::int`,
    params,
  };
}

export function cursorOfRow(sort: LeadSort, row: object): LeadCursor {
  return { sort, keys: SORTS[sort].keys.map((_, i) => String((row as Record<string, unknown>)[`_k${i}`])) };
}

// Counting rows stops here: beyond it the list reports the planner's estimate instead (marked as such),
// unless the filter is one the stats rollup answers exactly (see LeadTriageService.total).
export const EXACT_COUNT_LIMIT = 1_000;

// The exact number of matching leads up to EXACT_COUNT_LIMIT + 1, reading at most that many index entries.
export function buildLeadCountQuery(tenantId: string, filter: LeadFilter): SqlQuery {
  const where = leadWhere(tenantId, filter);
  where.params.push(EXACT_COUNT_LIMIT + 1);
  return { sql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM leads l WHERE ${where.sql} LIMIT $${where.params.length}::int) x`, params: where.params };
}

// The planner's row estimate for the filter (EXPLAIN does not run the query).
export function buildLeadEstimateQuery(tenantId: string, filter: LeadFilter): SqlQuery {
  const where = leadWhere(tenantId, filter);
  return { sql: `EXPLAIN (FORMAT JSON) SELECT 1 FROM leads l WHERE ${where.sql}`, params: where.params };
}

// The list filters the stats rollup can count exactly: nothing, or values of one of its dimensions.
export function rollupDimensionOf(filter: LeadFilter): { dimension: 'status' | 'priority' | 'source' | 'type'; values: readonly string[] } | null {
  if (filter.tag?.length || filter.assignee || filter.q || filter.createdFrom || filter.createdTo || filter.slaBreached !== undefined || filter.includeDeleted || filter.scoreMin !== undefined || filter.followUp || filter.emailVerdict?.length || filter.phoneLineType?.length) {
    return null;
  }
  const given = (['status', 'priority', 'source', 'type'] as const).filter((d) => filter[d]?.length);
  if (given.length > 1) return null;
  if (given.length === 0) return { dimension: 'status', values: LEAD_STATUSES };
  return { dimension: given[0], values: filter[given[0]]! };
}
