import { escapeLiteral } from 'pg';
import { prepareValue } from 'pg/lib/utils';

// COPY and the simple protocol (several statements in one round trip) take no bind parameters, so the
// parameters are written into the SQL text as quoted literals. Every parameter must carry a cast
// (`$3::text[]`), which is what makes this safe: each literal is read as exactly that type, the same as a
// bound parameter would be.
const PARAM = /\$(\d+)(::)?/g;

export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(PARAM, (_match, digits: string, cast: string | undefined) => {
    const index = Number(digits) - 1;
    if (!cast) throw new Error(`parameter $${digits} has no cast; only cast parameters can be inlined`);
    if (index < 0 || index >= params.length) throw new Error(`parameter $${digits} has no value`);
    return `${literal(params[index])}::`;
  });
}

function literal(value: unknown): string {
  const text = prepareValue(value);
  if (text === null) return 'NULL';
  if (typeof text !== 'string') throw new Error('binary parameters cannot be inlined');
  // The wire protocol ends the query text at a NUL; PostgreSQL text cannot hold one anyway.
  if (text.includes('\u0000')) throw new RangeError('a filter value contains a NUL character');
  return escapeLiteral(text);
}
