// pg's own conversion of a query parameter to PostgreSQL's text form (arrays to `{...}` literals, dates
// to timestamps); shipped untyped.
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
