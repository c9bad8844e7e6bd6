import { Injectable } from '@nestjs/common';
import { runRead, type BatchRead } from '../../../common/db/batch-read';
import { conversionRate, LEAD_PRIORITIES, LEAD_STATUSES, LEAD_TYPES, type Permission } from '@hotleads/shared';
import type { AuthedContext } from '../../../common/auth/request-context';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { ValidationException } from '../../../common/problem/validation.exception';
import type { LeadStatsDayDto } from './dto/lead-stats-day.dto';
import type { LeadStatsQueryDto } from './dto/lead-stats-query.dto';
import type { LeadStatsDto } from './dto/lead-stats.dto';
import type { LeadVelocityDto } from './dto/lead-velocity.dto';
import { LeadStatsRepository, type DimensionCount, type RangeDimensionCount } from './lead-stats.repository';
import type { LeadStatsByAssigneeDto } from './dto/lead-stats-by-assignee.dto';
import { percentileFromBuckets } from './response-percentile';
import { addCount, countsRecord, sumOf, type Dimensions } from './dimension-counts';
import { DAY_MS, DirectRanges, planRange, rangeKey, utcDay, type DayPart, type TimeRange } from './stats-plan';

const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 366;

const HOUR_MS = 3_600_000;

// A read with nothing to ask: its place in the batch answers no rows.
const NOTHING: BatchRead<never[]> = { sql: 'SELECT WHERE false', params: [], map: () => [] };
// Who may see every rep's numbers: those who hand leads out (managers and above).
const SEES_EVERY_REP: Permission = 'leads:assign';

@Injectable()
export class LeadStatsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: LeadStatsRepository,
  ) {}

  async stats(ctx: AuthedContext, query: LeadStatsQueryDto): Promise<LeadStatsDto> {
    const now = new Date();
    const { from, to } = resolvePeriod(query, now);
    const { tenantId } = ctx.principal;
    // A read never folds deltas itself: under load every reader would queue behind that write. The
    // compaction job keeps the pending tail short (LEAD_STATS_COMPACTION_INTERVAL_MS), and bulk changes
    // compact right after their commit.
    return this.read(tenantId, from, to, now);
  }

  // Per assignee over the leads created in [from, to): assigned, contacted, exact median time to first
  // contact, SLA breaches (answered late, or waiting past respond-by now) and conversions. Exact like
  // stats(): the rep dimensions of the rollup plus direct counts for partial days. A caller who may not
  // assign leads (an agent, a viewer) gets their own row only.
  async byAssignee(ctx: AuthedContext, query: LeadStatsQueryDto): Promise<LeadStatsByAssigneeDto> {
    const now = new Date();
    const range = resolvePeriod(query, now);
    const { principal } = ctx;
    const { tenantId } = principal;
    const only = principal.permissions.includes(SEES_EVERY_REP) ? null : principal.kind === 'user' ? principal.userId : '';
    const rows = await this.db.run(tenantId, async (m) => {
      const period = planRange(range.from, range.to, now);
      const grouped = new DirectRanges();
      for (const part of period) for (const d of part.direct) grouped.add(d.range);
      const skipDays = period.filter((p) => !p.rollup).map((p) => p.day);
      const totals = await runRead(m, this.repository.totals(tenantId, period[0].day, nextDay(period[period.length - 1].day), skipDays, 'rep'));
      const direct = await this.repository.directRepDimensions(m, tenantId, grouped.ranges);
      const all = periodDimensions(period, totals, directByRange(grouped, direct));
      const count = (dimension: string, id: string) => all.get(dimension)?.get(id) ?? 0;

      const ids = [...(all.get('rep:assigned') ?? new Map<string, number>())].filter(([id, n]) => n > 0 && (only === null || id === only)).map(([id]) => id);
      if (ids.length === 0) return [];
      const notDue = await this.repository.repAwaitingNotDue(m, tenantId, range, now, ids);
      const medians = await this.repository.repMedianSecondsToFirstContact(m, tenantId, range, ids);
      const names = await this.repository.userNames(m, tenantId, ids);
      return ids.map((id) => ({
        assigneeId: id,
        name: names.get(id) ?? null,
        assigned: count('rep:assigned', id),
        contacted: count('rep:contacted', id),
        medianSecondsToFirstContact: medians.get(id) ?? null,
        slaBreaches: count('rep:late', id) + count('rep:awaiting', id) - (notDue.get(id) ?? 0),
        conversions: count('rep:converted', id),
        conversionRate: conversionRate(count('rep:converted', id), count('rep:assigned', id)),
      }));
    });
    rows.sort((a, b) => b.assigned - a.assigned || (a.name ?? '').localeCompare(b.name ?? '') || a.assigneeId.localeCompare(b.assigneeId));
    return { from: range.from, to: range.to, rows };
  }

  // Folds the tenant's pending deltas into the rollup; false when another compaction was at it.
  async compact(tenantId: string): Promise<boolean> {
    return (await this.db.run(tenantId, (m) => this.repository.compact(m, tenantId))) !== null;
  }

  private async read(tenantId: string, from: Date, to: Date, now: Date): Promise<LeadStatsDto> {
    const period = planRange(from, to, now);
    const windows = {
      last24h: planRange(new Date(now.getTime() - 24 * HOUR_MS), now, now),
      previous24h: planRange(new Date(now.getTime() - 48 * HOUR_MS), new Date(now.getTime() - 24 * HOUR_MS), now),
      last7d: planRange(new Date(now.getTime() - 7 * DAY_MS), now, now),
      previous7d: planRange(new Date(now.getTime() - 14 * DAY_MS), new Date(now.getTime() - 7 * DAY_MS), now),
    };

    const grouped = new DirectRanges();
    for (const part of period) for (const d of part.direct) grouped.add(d.range);
    const counted = new DirectRanges();
    for (const parts of Object.values(windows)) for (const part of parts) for (const d of part.direct) counted.add(d.range);
    // A range already grouped by dimension gives its count from there.
    const countOnly = counted.ranges.filter((r) => !grouped.has(r));

    const periodFrom = period[0].day;
    const periodTo = nextDay(period[period.length - 1].day);
    const velocityFrom = windows.previous7d[0].day;
    const velocityTo = nextDay(windows.last7d[windows.last7d.length - 1].day);
    // ISO dates compare as text.
    const rollupFrom = velocityFrom < periodFrom ? velocityFrom : periodFrom;
    const rollupTo = velocityTo > periodTo ? velocityTo : periodTo;

    const repo = this.repository;
    // Every read in one round trip and one snapshot; the rollup read once for the period and the windows.
    const [rollup, direct, counts, openSlaBreaches] = await this.db.reads(tenantId, [
      repo.periodRollup(tenantId, rollupFrom, rollupTo, { from: periodFrom, to: periodTo, skipDays: period.filter((p) => !p.rollup).map((p) => p.day) }),
      grouped.ranges.length > 0 ? repo.directByDimension(tenantId, grouped.ranges) : NOTHING,
      countOnly.length > 0 ? repo.directCounts(tenantId, countOnly) : NOTHING,
      repo.openSlaBreaches(tenantId),
    ] as const);
    const totals = rollup.totals;
    const rollupDays = byDay(rollup.days);

    // Direct results per range: by dimension for the period's ranges, totals for all.
    const directDims = directByRange(grouped, direct);
    const directTotal = new Map<string, number>();
    for (const r of grouped.ranges) directTotal.set(rangeKey(r), sumOf(directDims.get(rangeKey(r))?.get('status')));
    countOnly.forEach((r, i) => directTotal.set(rangeKey(r), counts[i]));

    const all = periodDimensions(period, totals, directDims);

    const total = sumOf(all.get('status'));
    const contacted = all.get('contacted')?.get('yes') ?? 0;
    const buckets = [...(all.get('response') ?? [])].map(([bucket, count]) => ({ bucket: Number(bucket), count }));
    const rate = (n: number) => (total > 0 ? n / total : null);

    return {
      from,
      to,
      total,
      byStatus: countsRecord(all.get('status'), LEAD_STATUSES),
      byPriority: countsRecord(all.get('priority'), LEAD_PRIORITIES),
      bySource: countsRecord(all.get('source')),
      byType: countsRecord(all.get('type'), LEAD_TYPES),
      velocity: velocity(windows, rollupDays, directTotal),
      conversionRate: conversionRate(all.get('status')?.get('converted') ?? 0, total),
      contactedRate: rate(contacted),
      timeToFirstContact: {
        medianSeconds: percentileFromBuckets(buckets, 0.5),
        p90Seconds: percentileFromBuckets(buckets, 0.9),
        sampleSize: buckets.reduce((sum, b) => sum + b.count, 0),
      },
      openSlaBreaches,
      series: series(period, rollupDays, directDims),
    };
  }
}

// The period, all dimensions: rollup of the days it uses whole, plus the direct parts.
function periodDimensions(period: DayPart[], totals: DimensionCount[], directDims: Map<string, Dimensions>): Dimensions {
  const all: Dimensions = new Map();
  for (const row of totals) addCount(all, row.dimension, row.value, row.count);
  for (const part of period) {
    for (const d of part.direct) {
      for (const [dimension, values] of directDims.get(rangeKey(d.range)) ?? []) {
        for (const [value, count] of values) addCount(all, dimension, value, d.sign * count);
      }
    }
  }
  return all;
}

function directByRange(ranges: DirectRanges, rows: RangeDimensionCount[]): Map<string, Dimensions> {
  const out = new Map<string, Dimensions>();
  for (const row of rows) {
    const key = rangeKey(ranges.ranges[row.range]);
    if (!out.has(key)) out.set(key, new Map());
    addCount(out.get(key)!, row.dimension, row.value, row.count);
  }
  return out;
}

function resolvePeriod(query: LeadStatsQueryDto, now: Date): TimeRange {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new ValidationException([{ field: 'from', message: 'from must be before to' }]);
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new ValidationException([{ field: 'from', message: `the period may span at most ${MAX_PERIOD_DAYS} days` }]);
  }
  return { from, to };
}

const nextDay = (day: string) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));

function byDay(rows: Array<DimensionCount & { day: string }>): Map<string, Dimensions> {
  const out = new Map<string, Dimensions>();
  for (const row of rows) {
    if (!out.has(row.day)) out.set(row.day, new Map());
    addCount(out.get(row.day)!, row.dimension, row.value, row.count);
  }
  return out;
}

function velocity(windows: Record<keyof LeadVelocityDto, DayPart[]>, days: Map<string, Dimensions>, directTotal: Map<string, number>): LeadVelocityDto {
  const count = (parts: DayPart[]) =>
    parts.reduce(
      (sum, part) =>
        sum +
        (part.rollup ? sumOf(days.get(part.day)?.get('status')) : 0) +
        part.direct.reduce((s, d) => s + d.sign * directTotal.get(rangeKey(d.range))!, 0),
      0,
    );
  return {
    last24h: count(windows.last24h),
    previous24h: count(windows.previous24h),
    last7d: count(windows.last7d),
    previous7d: count(windows.previous7d),
  };
}

function series(period: DayPart[], days: Map<string, Dimensions>, directDims: Map<string, Dimensions>): LeadStatsDayDto[] {
  return period.map((part) => {
    const dims: Dimensions = new Map();
    if (part.rollup) {
      for (const [dimension, values] of days.get(part.day) ?? []) for (const [value, count] of values) addCount(dims, dimension, value, count);
    }
    for (const d of part.direct) {
      for (const [dimension, values] of directDims.get(rangeKey(d.range)) ?? []) {
        if (dimension !== 'status' && dimension !== 'source') continue;
        for (const [value, count] of values) addCount(dims, dimension, value, d.sign * count);
      }
    }
    return { day: part.day, bySource: countsRecord(dims.get('source')), total: sumOf(dims.get('status')) };
  });
}
