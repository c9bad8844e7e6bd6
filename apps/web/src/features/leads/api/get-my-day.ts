import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';
import { viewerTimeZone } from '../utils/lead-filters';

export type MyDayDto = Schemas['MyDayDto'];
export type MyDaySection = Schemas['MyDaySectionDto'];
export type MyDayReason = MyDaySection['reason'];

export const MY_DAY_KEY = ['leads', 'my-day'] as const;

// GET /api/v1/leads/my-day: the signed-in user's leads that need them today, in the viewer's time zone.
export async function getMyDay(timeZone: string, signal?: AbortSignal): Promise<MyDayDto> {
  const { data, error, response } = await send(api.GET('/api/v1/leads/my-day', { params: { query: { tz: timeZone } }, signal }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const myDayQueryOptions = (timeZone = viewerTimeZone()) =>
  queryOptions({
    queryKey: [...MY_DAY_KEY, timeZone],
    queryFn: ({ signal }) => getMyDay(timeZone, signal),
    staleTime: 30_000,
  });

// Refetched every minute as well: a follow-up becomes overdue by the clock alone, with no change to push.
export function useMyDay() {
  const polling = usePollingFallback();
  return useQuery({ ...myDayQueryOptions(), refetchInterval: polling || 60_000 });
}
