// application/x-www-form-urlencoded into an object; a repeated key becomes an array of its values.
// No prototype, so a field named __proto__ is just a field.
export function parseFormBody(body: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}
