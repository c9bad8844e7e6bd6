import type { Schemas } from '@hotleads/api-client';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';
import { resolvePeriod, type StatsPeriod, type TimeRange } from '../utils/period';

export type LeadStats = Schemas['LeadStatsDto'];

export async function getLeadStats({ from, to }: TimeRange): Promise<LeadStats> {
  const { data, error, response } = await send(
    api.GET('/api/v1/leads/stats', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }),
  );
  if (!data) throw toApiError(response, error);
  return data;
}

// Keyed by the period as the URL gives it, not by instants: a rolling window is resolved against "now" each
// time it is fetched, so live invalidation and polling move it forward.
export const leadStatsQueryOptions = (period: StatsPeriod) =>
  queryOptions({
    queryKey: ['leads', 'stats', period],
    queryFn: () => getLeadStats(resolvePeriod(period)),
    // Switching period or refreshing keeps the figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    // The route's loader has just asked: an error it got is shown (with Retry), not fetched again on mount.
    retryOnMount: false,
  });

// Live updates invalidate ['leads', 'stats'] (see LiveUpdatesProvider); polling only while they are down.
export function useLeadStats(period: StatsPeriod) {
  return useQuery({ ...leadStatsQueryOptions(period), refetchInterval: usePollingFallback() });
}
