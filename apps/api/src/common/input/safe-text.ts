import type { FieldError } from '../problem/problem.exception';

// Text PostgreSQL cannot store: NUL (text and jsonb refuse it) and UTF-16 surrogates without their pair
// (they have no UTF-8 form). The one home of the rule; see docs/decisions/0013-input-at-the-edge.md.
const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
// Bodies are parsed before they are walked and refused when deeper than MAX_JSON_DEPTH; this bound only
// keeps the walk safe for values that did not come through that parser.
const MAX_WALK_DEPTH = 64;
const MAX_REPORTED = 20;

export function isStorableText(value: string): boolean {
  return !value.includes(NUL) && !LONE_SURROGATE.test(value);
}

// For text the caller did not choose as a field (stored headers, CSV cells): NUL removed, lone
// surrogates replaced with U+FFFD, so one bad byte does not cost the whole request or file.
export function toStorableText(value: string): string {
  if (isStorableText(value)) return value;
  return value.replaceAll(NUL, '').replace(LONE_SURROGATES, '\ufffd');
}

// Every string (and object key) in a parsed body or query that PostgreSQL could not store, by field path.
export function unstorableTextFields(value: unknown, field = ''): FieldError[] {
  const found: FieldError[] = [];
  walk(value, field, 0, found);
  return found;
}

const describe = (text: string) => (text.includes(NUL) ? 'must not contain NUL (U+0000) characters' : 'must not contain unpaired UTF-16 surrogates');

function walk(value: unknown, field: string, depth: number, found: FieldError[]): void {
  if (found.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    if (!isStorableText(value)) found.push({ field: field || 'body', message: `${field || 'the value'} ${describe(value)}` });
    return;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_WALK_DEPTH) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${field}[${index}]`, depth + 1, found));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = field ? `${field}.${key}` : key;
    if (!isStorableText(key)) {
      found.push({ field: toStorableText(path), message: `field names ${describe(key)}` });
      continue;
    }
    walk(item, path, depth + 1, found);
  }
}
