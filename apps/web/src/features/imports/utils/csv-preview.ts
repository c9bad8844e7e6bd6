import { foldHeader, IMPORT_FIELDS, type ImportField } from '@hotleads/shared';

// Only the head of the file is read for the preview: a million-row file stays on disk until it is sent.
export const PREVIEW_BYTES = 64 * 1024;
export const PREVIEW_ROWS = 5;

export interface CsvPreview {
  header: string[];
  rows: string[][];
  delimiter: string;
}

const DELIMITERS = [',', ';', '\t', '|'];

// The delimiter the header line uses most, quotes aside (the API guesses the same way when not told).
export function sniffDelimiter(firstLine: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts.entries()].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

// Up to `maxRecords` records from a text that may end mid-record (the last, cut one is dropped unless
// the text is the whole file). Quoted cells may hold delimiters, doubled quotes and line breaks.
export function parseCsvHead(text: string, delimiter: string, maxRecords: number, complete: boolean): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
  };
  for (; i < text.length && records.length < maxRecords; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (complete && records.length < maxRecords && (field !== '' || record.length > 0)) endRecord();
  return records;
}

export async function previewCsv(file: Blob): Promise<CsvPreview> {
  const head = await file.slice(0, PREVIEW_BYTES).text();
  const complete = file.size <= PREVIEW_BYTES;
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = sniffDelimiter(firstLine);
  const [header = [], ...rows] = parseCsvHead(head, delimiter, PREVIEW_ROWS + 1, complete);
  return { header, rows, delimiter };
}

// Common header names beyond the field names themselves (folded: lower case, no spaces, _ or -).
const SYNONYMS: Record<string, ImportField> = {
  fullname: 'name',
  contact: 'name',
  contactname: 'name',
  emailaddress: 'email',
  mail: 'email',
  phonenumber: 'phone',
  telephone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  organisation: 'company',
  organization: 'company',
  companyname: 'company',
  jobtitle: 'role',
  title: 'role',
  notes: 'message',
  comment: 'message',
  score: 'qualityScore',
  externalid: 'sourceRef',
  reference: 'sourceRef',
};
const BY_FOLDED = new Map<string, ImportField>([...IMPORT_FIELDS.map((f) => [foldHeader(f), f] as const), ...Object.entries(SYNONYMS)]);

// Column -> field for a file's header: the workspace's saved choice for a header of that name first, then
// a match by name; a field already taken by an earlier column is not given twice.
export function autoMap(header: readonly string[], saved: Record<string, string>): Record<string, ImportField | null> {
  const taken = new Set<string>();
  const mapping: Record<string, ImportField | null> = {};
  for (const name of header) {
    if (name in mapping) continue;
    const fromSaved = saved[name];
    const guess = fromSaved !== undefined && (IMPORT_FIELDS as readonly string[]).includes(fromSaved) ? (fromSaved as ImportField) : BY_FOLDED.get(foldHeader(name));
    const field = guess && !taken.has(guess) ? guess : null;
    if (field) taken.add(field);
    mapping[name] = field;
  }
  return mapping;
}

export const FIELD_LABELS: Record<ImportField, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  subject: 'Subject',
  message: 'Message',
  role: 'Role',
  type: 'Type',
  priority: 'Priority',
  tags: 'Tags',
  source: 'Source',
  sourceRef: 'Source reference',
  qualityScore: 'Quality score',
  country: 'Country',
};
