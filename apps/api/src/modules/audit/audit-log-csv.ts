import type { AuditLogDto } from './dto/audit-log.dto';

// Column order is part of the export's contract: add new columns at the end.
export const AUDIT_CSV_COLUMNS = [
  ['id', (r) => r.id],
  ['created_at', (r) => r.createdAt.toISOString()],
  ['actor_type', (r) => r.actorType],
  ['actor_id', (r) => r.actorId],
  ['actor_label', (r) => r.actorLabel],
  ['action', (r) => r.action],
  ['resource_type', (r) => r.resourceType],
  ['resource_id', (r) => r.resourceId],
  ['outcome', (r) => r.outcome],
  ['ip', (r) => r.ip],
  ['user_agent', (r) => r.userAgent],
  ['request_id', (r) => r.requestId],
  ['changes', (r) => (r.changes ? JSON.stringify(r.changes) : null)],
  ['metadata', (r) => (r.metadata ? JSON.stringify(r.metadata) : null)],
] as const satisfies ReadonlyArray<readonly [string, (row: AuditLogDto) => string | null]>;

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection); a leading
// apostrophe makes it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

// RFC 4180 lines, CRLF-terminated.
export function csvLine(cells: ReadonlyArray<string | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const auditCsvHeader = (): string => csvLine(AUDIT_CSV_COLUMNS.map(([name]) => name));

export const auditCsvRow = (row: AuditLogDto): string => csvLine(AUDIT_CSV_COLUMNS.map(([, cell]) => cell(row)));
