import { Box, Card, Center, Group, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense, useId, useMemo, type ReactNode } from 'react';
import { CONVERSION_RATE_DEFINITION } from '@hotleads/shared';
import { STATUS_LABELS } from '@/utils/lead-labels';
import type { LeadStats } from '../api/get-lead-stats';
import { dailyBySource, longDayLabel, statusFunnel, type DailyRow, type FunnelStage, type SourceSeries } from '../utils/chart-data';
import { formatCount, formatRate } from '../utils/format-stats';

// The charting library (recharts under @mantine/charts) comes with this chunk, fetched when a chart first shows.
const loadCharts = () => import('./dashboard-charts');
const LeadsPerDayBars = lazy(() => loadCharts().then((m) => ({ default: m.LeadsPerDayBars })));
const StatusFunnelBars = lazy(() => loadCharts().then((m) => ({ default: m.StatusFunnelBars })));

// Same as CHART_HEIGHT in dashboard-charts.tsx; not imported from there, which would pull the chunk in eagerly.
const CHART_HEIGHT = 260;

interface ChartCardProps {
  title: string;
  description: string;
  // What the picture shows, for screen readers (the box is role="img").
  imageLabel: string;
  // One or two sentences with the main facts, shown under the chart for everyone.
  summary?: ReactNode;
  // The chart's numbers as a table, for screen readers only.
  table?: ReactNode;
  // Undefined: still loading. null: nothing to draw.
  chart?: ReactNode | null;
  emptyText: string;
}

function ChartCard({ title, description, imageLabel, summary, table, chart, emptyText }: ChartCardProps) {
  const titleId = useId();
  const summaryId = useId();
  return (
    <Card component="section" withBorder padding="lg" h="100%" aria-labelledby={titleId}>
      <Stack gap="md" h="100%">
        <div>
          <Title order={2} fz="h4" id={titleId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </div>
        {chart === undefined ? (
          <Skeleton height={CHART_HEIGHT} aria-hidden />
        ) : chart === null ? (
          <Center h={CHART_HEIGHT} bg="var(--mantine-color-default-hover)" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Text size="sm" c="dimmed" ta="center" px="md">
              {emptyText}
            </Text>
          </Center>
        ) : (
          <Box role="img" aria-label={imageLabel} aria-describedby={summary ? summaryId : undefined} mih={CHART_HEIGHT}>
            <Suspense fallback={<Skeleton height={CHART_HEIGHT} />}>{chart}</Suspense>
          </Box>
        )}
        {summary && (
          <Text size="sm" id={summaryId} mt="auto">
            {summary}
          </Text>
        )}
        {table && <VisuallyHidden>{table}</VisuallyHidden>}
      </Stack>
    </Card>
  );
}

interface StatsChartProps {
  stats?: LeadStats;
  periodText: string;
}

export function LeadsPerDayCard({ stats, periodText }: StatsChartProps) {
  const data = useMemo(() => (stats ? dailyBySource(stats.series) : undefined), [stats]);
  const busiest = stats?.series.reduce<LeadStats['series'][number] | undefined>((top, d) => (!top || d.total > top.total ? d : top), undefined);
  return (
    <ChartCard
      title="Leads per day"
      description={`By source, ${periodText} (UTC days)`}
      imageLabel="Stacked bar chart of leads created per day, by source"
      chart={!stats || !data ? undefined : stats.total === 0 ? null : <LeadsPerDayBars rows={data.rows} sources={data.sources} />}
      emptyText={`No leads were created ${periodText}.`}
      summary={
        stats &&
        data &&
        stats.total > 0 && (
          <>
            {formatCount(stats.total)} {stats.total === 1 ? 'lead' : 'leads'} {periodText}
            {busiest && busiest.total > 0 && `; the busiest day was ${longDayLabel(busiest.day)} with ${formatCount(busiest.total)}`}.
            {data.sources[0] && ` Top source: ${data.sources[0].label} (${formatCount(data.sources[0].total)}).`}
          </>
        )
      }
      table={data && stats && stats.total > 0 && <DailyTable rows={data.rows} sources={data.sources} />}
    />
  );
}

function DailyTable({ rows, sources }: { rows: DailyRow[]; sources: SourceSeries[] }) {
  return (
    <Table>
      <caption>Leads per day by source</caption>
      <thead>
        <tr>
          <th scope="col">Day (UTC)</th>
          {sources.map((s) => (
            <th key={s.key} scope="col">
              {s.label}
            </th>
          ))}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.day}>
            <th scope="row">{longDayLabel(row.day)}</th>
            {sources.map((s) => (
              <td key={s.key}>{formatCount(Number(row[s.key] ?? 0))}</td>
            ))}
            <td>{formatCount(row.total)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function StatusFunnelCard({ stats, periodText }: StatsChartProps) {
  const funnel = useMemo(() => (stats ? statusFunnel(stats.byStatus) : undefined), [stats]);
  const pipeline = funnel?.stages[0]?.reached ?? 0;
  const contacted = funnel?.stages.find((s) => s.status === 'contacted');
  const converted = funnel?.stages.find((s) => s.status === 'converted');
  return (
    <ChartCard
      title="Status funnel"
      description={`How far the leads created ${periodText} have come`}
      imageLabel="Horizontal bar chart of leads that reached each status, from unread to converted"
      chart={!funnel ? undefined : pipeline === 0 ? null : <StatusFunnelBars stages={funnel.stages} />}
      emptyText={funnel && funnel.archived > 0 ? 'Every lead of this period is archived.' : `No leads were created ${periodText}.`}
      summary={
        funnel && (
          <Group component="span" gap="xs" justify="space-between" wrap="wrap">
            {pipeline > 0 && contacted && converted ? (
              <span>
                {formatRate(contacted.share)} reached contacted, {formatRate(converted.share)} converted ({CONVERSION_RATE_DEFINITION.toLowerCase()}).
              </span>
            ) : (
              <span />
            )}
            <Text component="span" size="sm" c="dimmed">
              Archived aside: {formatCount(funnel.archived)}
            </Text>
          </Group>
        )
      }
      table={funnel && <FunnelTable stages={funnel.stages} archived={funnel.archived} />}
    />
  );
}

function FunnelTable({ stages, archived }: { stages: FunnelStage[]; archived: number }) {
  return (
    <Table>
      <caption>Leads by status</caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Now at this status</th>
          <th scope="col">Reached this status or further</th>
          <th scope="col">Share of the leads created</th>
        </tr>
      </thead>
      <tbody>
        {stages.map((s) => (
          <tr key={s.status}>
            <th scope="row">{STATUS_LABELS[s.status]}</th>
            <td>{formatCount(s.current)}</td>
            <td>{formatCount(s.reached)}</td>
            <td>{formatRate(s.share)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">Archived (outside the pipeline)</th>
          <td>{formatCount(archived)}</td>
          <td />
          <td />
        </tr>
      </tbody>
    </Table>
  );
}
