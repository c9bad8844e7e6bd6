export const DAY_MS = 86_400_000;

export interface TimeRange {
  from: Date;
  to: Date;
}

export interface SignedRange {
  range: TimeRange;
  sign: 1 | -1;
}

// How one UTC day contributes to a count over a period: its rollup (whole day) and/or direct counts from
// the leads table over part of it, added or subtracted.
export interface DayPart {
  day: string;
  rollup: boolean;
  direct: SignedRange[];
}

export const utcDay = (t: Date): string => t.toISOString().slice(0, 10);
export const dayStart = (t: Date): Date => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
export const rangeKey = (r: TimeRange): string => `${r.from.toISOString()}/${r.to.toISOString()}`;

// Rows are almost never created after now, so time past now is free to count.
function cost(ranges: TimeRange[], now: Date): number {
  return ranges.reduce((sum, r) => sum + Math.max(0, Math.min(r.to.getTime(), now.getTime()) - r.from.getTime()), 0);
}

// Counts over [from, to) stay exact when the ends fall inside a day: a whole day comes from the rollup; a
// partial day is either counted directly (the part inside the period) or taken from the rollup minus a
// direct count of the part outside, whichever scans less of the leads table.
export function planRange(from: Date, to: Date, now: Date): DayPart[] {
  const parts: DayPart[] = [];
  for (let start = dayStart(from).getTime(); start < to.getTime(); start += DAY_MS) {
    const end = start + DAY_MS;
    const lo = Math.max(from.getTime(), start);
    const hi = Math.min(to.getTime(), end);
    const day = utcDay(new Date(start));
    if (lo === start && hi === end) {
      parts.push({ day, rollup: true, direct: [] });
      continue;
    }
    const inside: TimeRange = { from: new Date(lo), to: new Date(hi) };
    const outside: TimeRange[] = [];
    if (lo > start) outside.push({ from: new Date(start), to: new Date(lo) });
    if (hi < end) outside.push({ from: new Date(hi), to: new Date(end) });
    if (cost([inside], now) <= cost(outside, now)) parts.push({ day, rollup: false, direct: [{ range: inside, sign: 1 }] });
    else parts.push({ day, rollup: true, direct: outside.map((range) => ({ range, sign: -1 as const })) });
  }
  return parts;
}

// Fetches each distinct direct range once: velocity windows and the period often share edge days.
export class DirectRanges {
  readonly ranges: TimeRange[] = [];
  private readonly index = new Map<string, number>();

  add(range: TimeRange): void {
    const key = rangeKey(range);
    if (this.index.has(key)) return;
    this.index.set(key, this.ranges.length);
    this.ranges.push(range);
  }

  has(range: TimeRange): boolean {
    return this.index.has(rangeKey(range));
  }
}
