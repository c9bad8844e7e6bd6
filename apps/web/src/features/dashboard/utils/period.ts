import dayjs from 'dayjs';

// The dashboard's period as it appears in the URL: a rolling window ending now (?period=7d) or whole local
// days (?from=2026-03-01&to=2026-03-31, both days included), so a link shows the same figures to a colleague.
export const PERIOD_PRESETS = [
  { id: '24h', label: '24 h', description: 'the last 24 hours', hours: 24 },
  { id: '7d', label: '7 days', description: 'the last 7 days', hours: 7 * 24 },
  { id: '30d', label: '30 days', description: 'the last 30 days', hours: 30 * 24 },
  { id: '90d', label: '90 days', description: 'the last 90 days', hours: 90 * 24 },
] as const;

export type PeriodPreset = (typeof PERIOD_PRESETS)[number]['id'];

export type StatsPeriod = { preset: PeriodPreset } | { from: string; to: string };

export interface TimeRange {
  from: Date;
  to: Date;
}

// The API's own default, so /dashboard and /dashboard?period=30d show the same thing.
export const DEFAULT_PERIOD: StatsPeriod = { preset: '30d' };

// The API takes at most 366 days; one less leaves room for a daylight-saving hour between two local midnights.
export const MAX_CUSTOM_DAYS = 365;

const HOUR_MS = 3_600_000;
const DAY_FORMAT = 'YYYY-MM-DD';

const isPreset = (value: string | null): value is PeriodPreset => PERIOD_PRESETS.some((p) => p.id === value);

// A calendar day written exactly as YYYY-MM-DD (dayjs alone would accept 2026-02-31 and roll it over).
export function isDay(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).format(DAY_FORMAT) === value;
}

// Days from `from` to `to`, both included.
export const daysIncluded = (from: string, to: string): number => dayjs(to).diff(dayjs(from), 'day') + 1;

export function customRangeError(from: string, to: string): string | null {
  if (dayjs(to).isBefore(dayjs(from))) return 'The end date is before the start date';
  if (daysIncluded(from, to) > MAX_CUSTOM_DAYS) return `Pick at most ${MAX_CUSTOM_DAYS} days`;
  return null;
}

// Anything unreadable (a hand-edited or truncated link) falls back to the default rather than an error page.
export function periodFromSearch(search: URLSearchParams): StatsPeriod {
  const preset = search.get('period');
  if (isPreset(preset)) return { preset };
  const from = search.get('from');
  const to = search.get('to');
  if (isDay(from) && isDay(to) && customRangeError(from, to) === null) return { from, to };
  return DEFAULT_PERIOD;
}

// The search params for `period`, keeping any others the page was given.
export function periodToSearch(period: StatsPeriod, current: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of ['period', 'from', 'to']) next.delete(key);
  if ('preset' in period) next.set('period', period.preset);
  else {
    next.set('from', period.from);
    next.set('to', period.to);
  }
  return next;
}

// The instants to ask the API for, worked out when the request is sent so a refetch moves a rolling window on.
export function resolvePeriod(period: StatsPeriod, now: Date = new Date()): TimeRange {
  if ('preset' in period) {
    const { hours } = PERIOD_PRESETS.find((p) => p.id === period.preset)!;
    return { from: new Date(now.getTime() - hours * HOUR_MS), to: now };
  }
  return { from: dayjs(period.from).startOf('day').toDate(), to: dayjs(period.to).add(1, 'day').startOf('day').toDate() };
}

const dayLabel = (day: string, withYear: boolean) => dayjs(day).format(withYear ? 'MMM D, YYYY' : 'MMM D');

// For sentences: "in the last 7 days", "from Mar 1 to Mar 31, 2026", "on Mar 3, 2026".
export function describePeriod(period: StatsPeriod): string {
  if ('preset' in period) return `in ${PERIOD_PRESETS.find((p) => p.id === period.preset)!.description}`;
  if (period.from === period.to) return `on ${dayLabel(period.from, true)}`;
  const sameYear = period.from.slice(0, 4) === period.to.slice(0, 4);
  return `from ${dayLabel(period.from, !sameYear)} to ${dayLabel(period.to, true)}`;
}
