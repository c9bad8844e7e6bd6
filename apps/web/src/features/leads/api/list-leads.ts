import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';
import { toListQuery, type LeadFilters } from '../utils/lead-filters';

export type Lead = Schemas['LeadDto'];
export type LeadPage = Schemas['LeadPageDto'];
export type LeadListData = InfiniteData<LeadPage>;

// A small first page answers fast (the page is usable within a second); later pages are as large as the
// API allows, so scrolling through thousands of rows takes few requests.
export const FIRST_PAGE_SIZE = 50;
export const NEXT_PAGE_SIZE = 200;

export async function listLeads(filters: LeadFilters, cursor: string | null, signal?: AbortSignal): Promise<LeadPage> {
  const query = toListQuery(filters, { cursor: cursor ?? undefined, limit: cursor ? NEXT_PAGE_SIZE : FIRST_PAGE_SIZE });
  const { data, error, response } = await send(api.GET('/api/v1/leads', { params: { query }, signal }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const leadsListKey = (filters: LeadFilters) => ['leads', 'list', filters] as const;

export const leadsListQueryOptions = (filters: LeadFilters) =>
  infiniteQueryOptions({
    queryKey: leadsListKey(filters),
    queryFn: ({ pageParam, signal }) => listLeads(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useLeadsList(filters: LeadFilters) {
  return useInfiniteQuery({
    ...leadsListQueryOptions(filters),
    // The previous filter's rows stay until the new ones arrive, so the table does not flash empty.
    placeholderData: keepPreviousData,
    // Live events keep a list fresh; polling takes over only while the stream is down.
    refetchInterval: usePollingFallback(),
    // Coming back to the tab must not reload (and reorder) thousands of rows under the user's cursor.
    refetchOnWindowFocus: false,
  });
}

export const loadedLeads = (data: LeadListData | undefined): Lead[] => data?.pages.flatMap((page) => page.data) ?? [];

// Drops leads (deleted, or gone from the workspace) from every loaded list without refetching them.
export function removeLeadsFromLists(queryClient: QueryClient, ids: ReadonlySet<string>): void {
  if (ids.size === 0) return;
  queryClient.setQueriesData<LeadListData>({ queryKey: ['leads', 'list'] }, (data) => {
    if (!data) return data;
    let removed = 0;
    const pages = data.pages.map((page) => {
      const kept = page.data.filter((lead) => !ids.has(lead.id));
      removed += page.data.length - kept.length;
      return kept.length === page.data.length ? page : { ...page, data: kept };
    });
    if (removed === 0) return data;
    return { ...data, pages: pages.map((page, i) => (i === 0 ? { ...page, total: Math.max(0, page.total - removed) } : page)) };
  });
}

// Shows a freshly fetched first page in place of everything loaded (the "N new leads — show" pill).
export function replaceWithFirstPage(queryClient: QueryClient, filters: LeadFilters, page: LeadPage): void {
  queryClient.setQueryData<LeadListData>(leadsListKey(filters), { pages: [page], pageParams: [null] });
}
