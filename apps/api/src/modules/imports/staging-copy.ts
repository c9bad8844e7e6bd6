import { toStorableText } from '../../common/input/safe-text';

// Rows of an upload for `COPY ... FROM STDIN` in PostgreSQL's text format: one line per row,
// tab-separated columns, backslash escapes. The tests below each replace are the fast path: most
// values need no escaping, and this runs for every cell of the file.

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyTextValue(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}

const ELEMENT_SPECIAL = /[\\"\0]/;

// PostgreSQL text cannot hold NUL, so those characters are dropped (the edge's rule for CSV cells; the
// decoder already turned invalid bytes into U+FFFD, so no lone surrogate reaches here).
function arrayElement(value: string): string {
  return ELEMENT_SPECIAL.test(value) ? toStorableText(value).replace(/[\\"]/g, '\\$&') : value;
}

// A text[] literal with every element quoted, so empty strings, spaces, commas, braces and the word
// NULL all stay plain text.
export function textArrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += `${i === 0 ? '' : ','}"${arrayElement(values[i])}"`;
  return `${out}}`;
}

// PostgreSQL refuses COPY FROM into a table under row-level security, so an upload is copied into a
// temporary table of the session first and moved into lead_import_rows (RLS-checked) by one INSERT.
export const UPLOAD_TABLE_SQL = 'CREATE TEMP TABLE import_upload (row_number integer NOT NULL, fields text[] NOT NULL) ON COMMIT DROP';
export const UPLOAD_COPY_SQL = 'COPY import_upload (row_number, fields) FROM STDIN';

// Columns in the order of UPLOAD_COPY_SQL.
export function uploadCopyLine(rowNumber: number, fields: readonly string[]): string {
  return `${rowNumber}\t${copyTextValue(textArrayLiteral(fields))}\n`;
}
