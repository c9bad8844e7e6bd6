import { Grid, Group, Stack, Text, Title } from '@mantine/core';
import { Busy } from '@/components/ui/busy';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLeadStats } from '../api/get-lead-stats';
import { useWorkspaceHasLeads } from '../api/get-workspace-has-leads';
import { describePeriod, periodFromSearch, periodToSearch, type StatsPeriod } from '../utils/period';
import { LeadsPerDayCard, StatusFunnelCard } from './chart-cards';
import classes from './dashboard.module.css';
import { NoLeadsYet, StaleWarning, StatsError } from './dashboard-states';
import { KpiCards } from './kpi-cards';
import { PeriodPicker } from './period-picker';
import { RepStatsCard } from './rep-stats-card';

const timeOfDay = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// When the figures on screen were fetched. While another period loads, the query reports 0 for the new key,
// but the figures shown (the previous period's) are from the last real answer.
function useFiguresTime(dataUpdatedAt: number, isPlaceholderData: boolean): number {
  const [last, setLast] = useState(dataUpdatedAt);
  const current = isPlaceholderData || dataUpdatedAt === 0 ? last : dataUpdatedAt;
  if (current !== last) setLast(current);
  return current;
}

export function Dashboard() {
  const [searchParams, setSearchParams] = useSearchParams();
  const period = periodFromSearch(searchParams);
  const periodText = describePeriod(period);
  const { data, error, isFetching, isPlaceholderData, dataUpdatedAt, refetch } = useLeadStats(period);
  // Only a period without leads raises the question whether the workspace has any at all.
  const probe = useWorkspaceHasLeads(data?.total === 0 && !isPlaceholderData);
  const retry = () => void refetch();
  const updatedAt = useFiguresTime(dataUpdatedAt, isPlaceholderData);

  const choosePeriod = (next: StatsPeriod) => setSearchParams(periodToSearch(next, searchParams));

  const brandNew = data?.total === 0 && probe.data === false;
  // Zero leads in the period: wait for the probe before drawing zeros that might turn into the welcome.
  const stats = data && !(data.total === 0 && probe.isPending && !isPlaceholderData) ? data : undefined;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="md">
        <div>
          <Title order={1}>Dashboard</Title>
          <Group gap={8} wrap="nowrap" mih={24}>
            <Text c="dimmed" size="sm">
              {brandNew ? 'How your leads come in and move along, as it happens' : `Leads created ${periodText}`}
              {data && !brandNew && updatedAt > 0 && ` · updated ${timeOfDay(updatedAt)}`}
            </Text>
            {isFetching && data && <Busy size={14} label="Refreshing" />}
          </Group>
        </div>
        {!brandNew && <PeriodPicker period={period} onChange={choosePeriod} />}
      </Group>

      {error && !data ? (
        <StatsError error={error} retrying={isFetching} onRetry={retry} />
      ) : brandNew ? (
        <NoLeadsYet />
      ) : (
        <Stack gap="lg" className={isPlaceholderData ? classes.stale : undefined} aria-busy={isPlaceholderData}>
          {error && data && <StaleWarning updatedAt={timeOfDay(updatedAt)} retrying={isFetching} onRetry={retry} />}
          <KpiCards stats={stats} fetchedAt={updatedAt} periodText={periodText} />
          <Grid type="container" breakpoints={{ xs: '400px', sm: '600px', md: '840px', lg: '1100px', xl: '1400px' }} gap="md">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <LeadsPerDayCard stats={stats} periodText={periodText} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <StatusFunnelCard stats={stats} periodText={periodText} />
            </Grid.Col>
          </Grid>
          <RepStatsCard period={period} periodText={periodText} />
        </Stack>
      )}
    </Stack>
  );
}
