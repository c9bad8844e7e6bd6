const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

// The one spelling of an id we compare, count and cache by (PostgreSQL stores UUIDs in lower case), so
// `ABC…` and `abc…` are the same id everywhere; null for anything that is not a UUID.
export function canonicalUuid(value: unknown): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}
