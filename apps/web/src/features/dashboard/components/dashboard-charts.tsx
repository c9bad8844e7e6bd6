import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import type { DailyRow, FunnelStage, SourceSeries } from '../utils/chart-data';
import { formatCount } from '../utils/format-stats';

// The drawings only, loaded on demand (React.lazy in chart-cards.tsx) so the charting library stays out of
// the first download. Headings, summaries and the screen-reader tables live outside, in the page's own chunk.

export const CHART_HEIGHT = 260;

interface LeadsPerDayBarsProps {
  rows: DailyRow[];
  sources: SourceSeries[];
}

export function LeadsPerDayBars({ rows, sources }: LeadsPerDayBarsProps) {
  return (
    <BarChart
      h={CHART_HEIGHT}
      data={rows}
      dataKey="label"
      type="stacked"
      series={sources.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
      withLegend
      legendProps={{ verticalAlign: 'bottom', height: 40 }}
      tickLine="none"
      // Mantine's "x": horizontal lines at the y-axis ticks.
      gridAxis="x"
      maxBarWidth={32}
      valueFormatter={formatCount}
      yAxisProps={{ allowDecimals: false, width: 36 }}
      // Evenly spaced day labels, as many as fit.
      xAxisProps={{ interval: 'equidistantPreserveStart', minTickGap: 12 }}
      // The chart sits in a role="img" box with a text equivalent beside it; no second, keyboard-only copy.
      accessibilityLayer={false}
      tooltipAnimationDuration={150}
    />
  );
}

export function StatusFunnelBars({ stages }: { stages: FunnelStage[] }) {
  return (
    <BarChart
      h={CHART_HEIGHT}
      data={stages.map((s) => ({ label: s.label, reached: s.reached }))}
      dataKey="label"
      orientation="vertical"
      series={[{ name: 'reached', label: 'Reached this stage', color: 'flame.6' }]}
      tickLine="none"
      gridAxis="none"
      withXAxis={false}
      withBarValueLabel
      valueLabelProps={{ position: 'right', fontSize: 12 }}
      maxBarWidth={28}
      valueFormatter={formatCount}
      yAxisProps={{ width: 86 }}
      barChartProps={{ margin: { right: 48 } }}
      accessibilityLayer={false}
      tooltipAnimationDuration={150}
    />
  );
}
