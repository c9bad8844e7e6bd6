import type { Schemas } from '@hotleads/api-client';
import { conversionRate, LEAD_STATUSES, type LeadStatus } from '@hotleads/shared';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { sourceLabel, STATUS_LABELS } from '@/utils/lead-labels';

dayjs.extend(utc);

// The chart-ready shapes of LeadStatsDto, computed here so the lazily loaded chart code only draws.

type StatsDay = Schemas['LeadStatsDayDto'];

export interface SourceSeries {
  // A safe data key ("s0", "s1", ...): a source name may contain dots, which the chart reads as a path.
  key: string;
  source: string | null;
  label: string;
  color: string;
  total: number;
}

export interface DailyRow {
  day: string;
  label: string;
  total: number;
  [seriesKey: string]: string | number;
}

// Distinct in both themes and against each other; the last is for "Other".
const SOURCE_COLORS = ['flame.6', 'blue.6', 'teal.6', 'grape.6', 'yellow.6', 'cyan.6'] as const;
const OTHER_COLOR = 'gray.6';

export { sourceLabel };

// "Mar 3": the series' days are UTC days.
export const dayLabel = (day: string): string => dayjs.utc(day).format('MMM D');
export const longDayLabel = (day: string): string => dayjs.utc(day).format('ddd, MMM D, YYYY');

// The biggest sources of the period get a colour each; the rest are summed as "Other" so the chart stays legible.
export function dailyBySource(series: readonly StatsDay[], maxSources: number = SOURCE_COLORS.length): { sources: SourceSeries[]; rows: DailyRow[] } {
  const totals = new Map<string, number>();
  for (const day of series) for (const [source, n] of Object.entries(day.bySource)) totals.set(source, (totals.get(source) ?? 0) + n);
  const ranked = [...totals].filter(([, n]) => n > 0).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const own = ranked.length > maxSources ? ranked.slice(0, maxSources - 1) : ranked;
  const rest = ranked.slice(own.length);
  const sources: SourceSeries[] = own.map(([source, total], i) => ({ key: `s${i}`, source, label: sourceLabel(source), color: SOURCE_COLORS[i]!, total }));
  if (rest.length > 0) {
    sources.push({ key: 'other', source: null, label: 'Other', color: OTHER_COLOR, total: rest.reduce((sum, [, n]) => sum + n, 0) });
  }
  const keyOf = new Map(own.map(([source], i) => [source, `s${i}`]));
  const rows = series.map((day) => {
    const row: DailyRow = { day: day.day, label: dayLabel(day.day), total: day.total };
    for (const s of sources) row[s.key] = 0;
    for (const [source, n] of Object.entries(day.bySource)) {
      const key = keyOf.get(source) ?? 'other';
      row[key] = Number(row[key] ?? 0) + n;
    }
    return row;
  });
  return { sources, rows };
}

// The pipeline in order; archived leads leave it from any stage, so they are shown beside it.
export const FUNNEL_STATUSES = LEAD_STATUSES.filter((s): s is Exclude<LeadStatus, 'archived'> => s !== 'archived');

export interface FunnelStage {
  status: LeadStatus;
  label: string;
  // Leads whose status is this one now.
  current: number;
  // Leads at this stage or further along: the lifecycle only moves forward, so they all went through it.
  reached: number;
  // `reached` as a share of all the leads created in the period (archived ones included), 0 to 1; null
  // without leads. The same division as the conversion rate, so the converted stage shows that rate.
  share: number | null;
}

export function statusFunnel(byStatus: Record<string, number>): { stages: FunnelStage[]; archived: number } {
  const current = FUNNEL_STATUSES.map((status) => byStatus[status] ?? 0);
  const reached = current.map((_, i) => current.slice(i).reduce((a, b) => a + b, 0));
  const created = (reached[0] ?? 0) + (byStatus.archived ?? 0);
  const stages = FUNNEL_STATUSES.map((status, i) => ({
    status,
    // Every lead starts unread, so the first bar is all of them: "Unread" there would contradict the Unread card.
    label: status === 'unread' ? 'Received' : STATUS_LABELS[status],
    current: current[i]!,
    reached: reached[i]!,
    share: conversionRate(reached[i]!, created),
  }));
  return { stages, archived: byStatus.archived ?? 0 };
}
