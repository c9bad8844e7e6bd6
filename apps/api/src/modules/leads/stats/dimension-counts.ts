// Counts by dimension (status, priority, ...) and value, as the stats read adds them up.
export type Counts = Map<string, number>;
export type Dimensions = Map<string, Counts>;

export function addCount(target: Dimensions, dimension: string, value: string, count: number): void {
  let values = target.get(dimension);
  if (!values) target.set(dimension, (values = new Map()));
  values.set(value, (values.get(value) ?? 0) + count);
}

export const sumOf = (counts: Counts | undefined): number => [...(counts?.values() ?? [])].reduce((a, b) => a + b, 0);

// A JSON object sorted by key, with `keys` present even when zero and other zeros left out.
export function countsRecord(counts: Counts | undefined, keys: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const [key, count] of [...(counts ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b))) {
    if (count !== 0 || key in out) out[key] = count;
  }
  return out;
}
