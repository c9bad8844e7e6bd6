import { foldHeader, IMPORT_FIELDS, type ImportField, type LeadPriority, type LeadType } from '@hotleads/shared';
import type { FieldError } from '../../common/problem/problem.exception';
import type { LeadInput } from '../leads/lead-input';

export { IMPORT_FIELDS, type ImportField };

export const MAX_MAPPING_ENTRIES = 200;

const fold = foldHeader;
const FIELD_BY_FOLDED = new Map<string, ImportField>(IMPORT_FIELDS.map((f) => [fold(f), f]));

// The `mapping` option: a JSON object from CSV header to lead field. Returns field errors rather than
// throwing so the caller reports them like any other validation failure.
export function parseMapping(raw: string | undefined): { mapping: Record<string, ImportField> } | { errors: FieldError[] } {
  if (raw === undefined || raw.trim() === '') return { mapping: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { errors: [{ field: 'mapping', message: 'mapping must be a JSON object' }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { errors: [{ field: 'mapping', message: 'mapping must be a JSON object' }] };
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_MAPPING_ENTRIES) return { errors: [{ field: 'mapping', message: `mapping may name at most ${MAX_MAPPING_ENTRIES} columns` }] };
  const errors: FieldError[] = [];
  const mapping: Record<string, ImportField> = {};
  for (const [header, field] of entries) {
    if (typeof field !== 'string' || !(IMPORT_FIELDS as readonly string[]).includes(field)) {
      errors.push({ field: `mapping.${header}`, message: `must be one of ${IMPORT_FIELDS.join(', ')}` });
    } else {
      mapping[header] = field as ImportField;
    }
  }
  return errors.length > 0 ? { errors } : { mapping };
}

// The lead field of each column (null: ignored). An explicit mapping is used as given; without one,
// headers that spell a field name map to it.
export function resolveColumns(header: readonly string[], mapping: Record<string, ImportField>): { columns: Array<ImportField | null>; missing: string[] } {
  const explicit = Object.keys(mapping).length > 0;
  const columns = header.map((name) => (explicit ? (mapping[name] ?? mapping[name.trim()] ?? null) : (FIELD_BY_FOLDED.get(fold(name)) ?? null)));
  const present = new Set(header.flatMap((name) => [name, name.trim()]));
  const missing = Object.keys(mapping).filter((name) => !present.has(name));
  return { columns, missing };
}

// One staged row as the input normaliseLead expects; blank cells count as absent.
export function rowToLeadInput(columns: ReadonlyArray<ImportField | null>, fields: readonly string[]): LeadInput {
  const input: LeadInput = {};
  columns.forEach((field, i) => {
    const value = fields[i]?.trim();
    if (!field || !value) return;
    switch (field) {
      case 'tags':
        input.tags = value.split(/[|,]/);
        break;
      case 'qualityScore':
        // Not a number stays NaN, which normaliseLead reports.
        input.qualityScore = Number(value);
        break;
      case 'type':
        input.type = value.toLowerCase() as LeadType;
        break;
      case 'priority':
        input.priority = value.toLowerCase() as LeadPriority;
        break;
      default:
        input[field] = value;
    }
  });
  return input;
}

export const describeFieldErrors = (errors: readonly FieldError[]) => errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
