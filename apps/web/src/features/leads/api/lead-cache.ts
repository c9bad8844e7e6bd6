import type { Schemas } from '@hotleads/api-client';
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';

type LeadDto = Schemas['LeadDto'];
type LeadPageDto = Schemas['LeadPageDto'];

export const leadDetailKey = (id: string) => ['leads', 'detail', id] as const;
export const leadEventsKey = (id: string) => ['leads', 'events', id] as const;
// Every list, whatever its filters: ['leads', 'list', filters].
export const LEAD_LISTS_KEY = ['leads', 'list'] as const;

// What a lead looked like in each cache before an optimistic change, for rolling back.
export interface LeadCacheSnapshot {
  readonly queryClient: QueryClient;
  readonly detail: { key: QueryKey; data: LeadDto | undefined };
  readonly lists: ReadonlyArray<readonly [QueryKey, InfiniteData<LeadPageDto> | undefined]>;
}

function patchPages(data: InfiniteData<LeadPageDto> | undefined, id: string, patch: Partial<LeadDto>) {
  if (!data) return data;
  let changed = false;
  const pages = data.pages.map((page) => {
    if (!page.data.some((lead) => lead.id === id)) return page;
    changed = true;
    return { ...page, data: page.data.map((lead) => (lead.id === id ? { ...lead, ...patch } : lead)) };
  });
  // Same object when the lead is not on any page: the list's subscribers do not re-render for nothing.
  return changed ? { ...data, pages } : data;
}

// Applies `patch` to the lead wherever it is cached: its detail and every list page that holds it.
export function patchLeadInCaches(queryClient: QueryClient, id: string, patch: Partial<LeadDto>): void {
  queryClient.setQueryData<LeadDto>(leadDetailKey(id), (lead) => (lead ? { ...lead, ...patch } : lead));
  queryClient.setQueriesData<InfiniteData<LeadPageDto>>({ queryKey: LEAD_LISTS_KEY }, (data) => patchPages(data, id, patch));
}

// Only the lists holding the lead are kept: restoring the others would undo unrelated refetches.
export function snapshotLeadCaches(queryClient: QueryClient, id: string): LeadCacheSnapshot {
  const lists = queryClient
    .getQueriesData<InfiniteData<LeadPageDto>>({ queryKey: LEAD_LISTS_KEY })
    .filter(([, data]) => data?.pages.some((page) => page.data.some((lead) => lead.id === id)));
  return { queryClient, detail: { key: leadDetailKey(id), data: queryClient.getQueryData<LeadDto>(leadDetailKey(id)) }, lists };
}

export function restoreLeadCaches(snapshot: LeadCacheSnapshot): void {
  const { queryClient, detail, lists } = snapshot;
  if (detail.data) queryClient.setQueryData(detail.key, detail.data);
  for (const [key, data] of lists) queryClient.setQueryData(key, data);
}

// The lead as the snapshot holds it (before the optimistic change): its detail, else the first list showing it.
export function leadInSnapshot(snapshot: LeadCacheSnapshot, id: string): LeadDto | undefined {
  if (snapshot.detail.data) return snapshot.detail.data;
  for (const [, data] of snapshot.lists) {
    const lead = data?.pages.flatMap((page) => page.data).find((l) => l.id === id);
    if (lead) return lead;
  }
  return undefined;
}

// Stops in-flight fetches of the lead's caches, so a late answer cannot overwrite an optimistic value.
export async function cancelLeadQueries(queryClient: QueryClient, id: string): Promise<void> {
  await Promise.all([
    queryClient.cancelQueries({ queryKey: leadDetailKey(id) }),
    queryClient.cancelQueries({ queryKey: LEAD_LISTS_KEY }),
  ]);
}
