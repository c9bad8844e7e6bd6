import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';
import { leadEventsKey } from './lead-cache';

export type LeadEventDto = Schemas['LeadEventDto'];
export type LeadEventPageDto = Schemas['LeadEventPageDto'];
export type LeadEventsData = InfiniteData<LeadEventPageDto, string | null>;

export const LEAD_EVENTS_PAGE_SIZE = 20;

// GET /api/v1/leads/{id}/events, newest first, one keyset page at a time.
// openapi.json does not list this route's `limit` and `cursor` yet, so they are written into the query string here.
export async function getLeadEvents(id: string, cursor: string | null, limit = LEAD_EVENTS_PAGE_SIZE): Promise<LeadEventPageDto> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  const { data, error, response } = await send(
    api.GET('/api/v1/leads/{id}/events', { params: { path: { id } }, querySerializer: () => query.toString() }),
  );
  if (!data) throw toApiError(response, error);
  return data;
}

export const leadEventsQueryOptions = (id: string) =>
  infiniteQueryOptions({
    queryKey: leadEventsKey(id),
    queryFn: ({ pageParam }) => getLeadEvents(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    staleTime: 10_000,
  });

export function useLeadEvents(id: string) {
  const refetchInterval = usePollingFallback();
  return useInfiniteQuery({ ...leadEventsQueryOptions(id), refetchInterval });
}
