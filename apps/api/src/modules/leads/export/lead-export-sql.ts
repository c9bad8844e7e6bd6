import { leadWhere, SLA_BREACHED_SQL, type LeadFilter } from '../lead-list-query';
import { inlineParams } from '../../../common/db/inline-params';
import type { LeadExportFormat } from './lead-export-format';

// The export is one COPY of one query, so PostgreSQL formats every byte and the API only forwards them.

// ISO 8601 in UTC. CSV keeps PostgreSQL's microseconds; JSON uses milliseconds, exactly as the API's
// lead JSON does.
const isoMicros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const isoMillis = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Spreadsheets run a cell starting with = + - @ as a formula, and some skip a leading tab or CR first; a
// leading apostrophe makes it text. Same rule as the audit log's CSV; E.164 phones (+44...) get one too.
// ascii() reads only the first character: 9 tab, 13 CR, 43 +, 45 -, 61 =, 64 @.
const neutralised = (text: string) => `CASE WHEN ascii(${text}) IN (9, 13, 43, 45, 61, 64) THEN '''' || ${text} ELSE ${text} END`;

// Column order is part of the export's contract: add new columns at the end. Free-text columns are
// neutralised; ids, enums, numbers, timestamps and the JSON object cannot start with a formula character.
const LEAD_CSV_COLUMNS: ReadonlyArray<readonly [name: string, sql: string]> = [
  ['id', 'l.id'],
  ['created_at', isoMicros('l.created_at')],
  ['updated_at', isoMicros('l.updated_at')],
  ['status', 'l.status'],
  ['priority', 'l.priority'],
  ['type', 'l.type'],
  ['quality_score', 'l.quality_score'],
  ['name', neutralised('l.name')],
  ['email', neutralised('l.email')],
  ['phone', neutralised('l.phone')],
  ['company', neutralised('l.company')],
  ['subject', neutralised('l.subject')],
  ['message', neutralised('l.message')],
  ['role', neutralised('l.role')],
  ['notes', neutralised('l.notes')],
  ['source', neutralised('l.source')],
  ['source_ref', neutralised('l.source_ref')],
  ['form_id', 'l.form_id'],
  // The separator the CSV import splits tags on.
  ['tags', neutralised(`array_to_string(l.tags, '|')`)],
  ['assignee_id', 'l.assignee_id'],
  ['follow_up_at', isoMicros('l.follow_up_at')],
  ['first_contacted_at', isoMicros('l.first_contacted_at')],
  ['last_contacted_at', isoMicros('l.last_contacted_at')],
  ['respond_by', isoMicros('l.respond_by')],
  ['sla_breached', `(${SLA_BREACHED_SQL})::text`],
  ['deleted_at', isoMicros('l.deleted_at')],
  ['metadata', 'l.metadata::text'],
];

// The fields of LeadDto, in its order and with its types (numbers, booleans, arrays, objects).
const LEAD_JSON_FIELDS: ReadonlyArray<readonly [key: string, sql: string]> = [
  ['id', 'l.id'],
  ['type', 'l.type'],
  ['status', 'l.status'],
  ['priority', 'l.priority'],
  ['qualityScore', 'l.quality_score'],
  ['score', 'l.score'],
  ['scoreReasons', `coalesce(l.score_reasons, '[]'::jsonb)`],
  ['emailVerdict', 'l.email_verdict'],
  ['phoneValid', 'l.phone_valid'],
  ['phoneLineType', 'l.phone_line_type'],
  ['name', 'l.name'],
  ['email', 'l.email'],
  ['phone', 'l.phone'],
  ['company', 'l.company'],
  ['subject', 'l.subject'],
  ['message', 'l.message'],
  ['role', 'l.role'],
  ['notes', 'l.notes'],
  ['source', 'l.source'],
  ['sourceRef', 'l.source_ref'],
  ['formId', 'l.form_id'],
  ['tags', 'l.tags'],
  ['metadata', 'l.metadata'],
  ['assigneeId', 'l.assignee_id'],
  ['followUpAt', isoMillis('l.follow_up_at')],
  ['firstContactedAt', isoMillis('l.first_contacted_at')],
  ['lastContactedAt', isoMillis('l.last_contacted_at')],
  ['respondBy', isoMillis('l.respond_by')],
  ['slaBreached', SLA_BREACHED_SQL],
  ['version', 'l.version'],
  ['createdAt', isoMillis('l.created_at')],
  ['updatedAt', isoMillis('l.updated_at')],
  ['deletedAt', isoMillis('l.deleted_at')],
];

const CSV_SELECT = LEAD_CSV_COLUMNS.map(([name, sql]) => `${sql} AS ${name}`).join(', ');
// row_to_json of a row with named columns costs about half of json_build_object with the same fields.
// LATERAL keeps the lead's columns in scope for the WHERE and ORDER BY.
const JSON_FROM = `leads l CROSS JOIN LATERAL (SELECT ${LEAD_JSON_FIELDS.map(([key, sql]) => `${sql} AS "${key}"`).join(', ')}) j`;

// JSON text never holds a raw control character (PostgreSQL escapes them), so with these two as quote
// and delimiter CSV mode never quotes or escapes anything: each row is its JSON object and a newline.
// (Text mode would double every backslash of the JSON.)
const NDJSON_OPTIONS = `FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'`;

// Oldest first, the order of the (tenant_id, created_at, id) index. COPY reads one snapshot: leads
// arriving meanwhile are simply not in this export.
export function buildLeadExportCopy(tenantId: string, filter: LeadFilter, format: LeadExportFormat): string {
  const where = leadWhere(tenantId, filter);
  const selectFrom = format === 'csv' ? `${CSV_SELECT} FROM leads l` : `row_to_json(j) FROM ${JSON_FROM}`;
  const query = `SELECT ${selectFrom} WHERE ${inlineParams(where.sql, where.params)} ORDER BY l.created_at, l.id`;
  return `COPY (${query}) TO STDOUT WITH (${format === 'csv' ? 'FORMAT csv, HEADER true' : NDJSON_OPTIONS})`;
}
