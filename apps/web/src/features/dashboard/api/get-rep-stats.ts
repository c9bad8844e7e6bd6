import type { Schemas } from '@hotleads/api-client';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';
import { resolvePeriod, type StatsPeriod, type TimeRange } from '../utils/period';

export type RepStats = Schemas['LeadStatsByAssigneeDto'];
export type RepRow = Schemas['RepStatsDto'];

export async function getRepStats({ from, to }: TimeRange): Promise<RepStats> {
  const { data, error, response } = await send(
    api.GET('/api/v1/leads/stats/by-assignee', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }),
  );
  if (!data) throw toApiError(response, error);
  return data;
}

// Under ['leads', 'stats'], so the live invalidation of the stats refreshes it too.
export const repStatsQueryOptions = (period: StatsPeriod) =>
  queryOptions({
    queryKey: ['leads', 'stats', 'by-assignee', period],
    queryFn: () => getRepStats(resolvePeriod(period)),
    placeholderData: keepPreviousData,
  });

export function useRepStats(period: StatsPeriod) {
  return useQuery({ ...repStatsQueryOptions(period), refetchInterval: usePollingFallback() });
}
