import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveEvents } from '@/hooks/use-live-updates';
import { ApiError } from '@/lib/api-client';
import type { LiveEvent } from '@/lib/live-events';
import { leadQueryOptions } from '../api/get-lead';
import { patchLeadInCaches } from '../api/lead-cache';
import { leadsListKey, listLeads, loadedLeads, removeLeadsFromLists, replaceWithFirstPage, type LeadListData, type LeadPage } from '../api/list-leads';
import { serialiseLeadFilters, type LeadFilters } from '../utils/lead-filters';

// Events arrive in bursts (an import, a bulk change): gather them briefly, then act once.
const GATHER_MS = 400;
// Beyond this many loaded leads changed at once, one refetch of the list is cheaper than one GET each.
const MAX_SINGLE_REFRESHES = 25;

interface PendingFirstPage {
  key: string;
  page: LeadPage;
}

// Keeps a loaded list current from the live stream without moving rows under the user's cursor:
// - new leads matching the filters are announced ("N new leads — show") instead of being inserted;
// - leads already on screen that changed are fetched one by one and patched in place (or removed when
//   deleted), rather than refetching thousands of loaded rows.
export function useLiveLeadList(filters: LeadFilters, data: LeadListData | undefined) {
  const queryClient = useQueryClient();
  const key = serialiseLeadFilters(filters);
  const [pending, setPending] = useState<PendingFirstPage | null>(null);
  const latest = useRef({ filters, key });
  const changed = useRef(new Set<string>());
  const deleted = useRef(new Set<string>());
  const timers = useRef<{ created?: ReturnType<typeof setTimeout>; changed?: ReturnType<typeof setTimeout> }>({});

  useEffect(() => {
    latest.current = { filters, key };
  });
  useEffect(() => {
    const pendingTimers = timers.current;
    return () => {
      clearTimeout(pendingTimers.created);
      clearTimeout(pendingTimers.changed);
    };
  }, []);

  const loadedIds = useCallback(() => {
    const current = queryClient.getQueryData<LeadListData>(leadsListKey(latest.current.filters));
    return new Set(loadedLeads(current).map((lead) => lead.id));
  }, [queryClient]);

  // Is anything new at the top of the list? One small keyset query answers it, whatever the burst's size.
  const checkForNew = useCallback(async () => {
    const { filters: current, key: currentKey } = latest.current;
    if (!queryClient.getQueryData(leadsListKey(current))) return;
    let page: LeadPage;
    try {
      page = await listLeads(current, null);
    } catch {
      return; // The next event or poll tries again.
    }
    if (latest.current.key !== currentKey) return;
    const loaded = loadedIds();
    if (!page.data.some((lead) => !loaded.has(lead.id))) return;
    // An empty list has nothing under the cursor: show the new leads straight away.
    if (loaded.size === 0) replaceWithFirstPage(queryClient, current, page);
    else setPending({ key: currentKey, page });
  }, [queryClient, loadedIds]);

  const refreshChanged = useCallback(async () => {
    const { filters: current } = latest.current;
    const loaded = loadedIds();
    const gone = new Set([...deleted.current].filter((id) => loaded.has(id)));
    const ids = [...changed.current].filter((id) => loaded.has(id) && !gone.has(id));
    changed.current.clear();
    deleted.current.clear();
    removeLeadsFromLists(queryClient, gone);
    if (ids.length > MAX_SINGLE_REFRESHES) {
      await queryClient.invalidateQueries({ queryKey: leadsListKey(current) });
      return;
    }
    await Promise.all(
      ids.map(async (id) => {
        try {
          const lead = await queryClient.fetchQuery(leadQueryOptions(id));
          if (lead.deletedAt) removeLeadsFromLists(queryClient, new Set([id]));
          else patchLeadInCaches(queryClient, id, lead);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) removeLeadsFromLists(queryClient, new Set([id]));
        }
      }),
    );
  }, [queryClient, loadedIds]);

  useLiveEvents((event: LiveEvent) => {
    if (event.type === 'lead.created') {
      clearTimeout(timers.current.created);
      timers.current.created = setTimeout(() => void checkForNew(), GATHER_MS);
      return;
    }
    if (event.type !== 'lead.updated' && event.type !== 'lead.deleted') return;
    // The event names only the first ids of a large change: the loaded rows may be among the others.
    if (event.count > event.ids.length) {
      void queryClient.invalidateQueries({ queryKey: leadsListKey(latest.current.filters) });
      return;
    }
    for (const id of event.ids) (event.type === 'lead.deleted' ? deleted : changed).current.add(id);
    clearTimeout(timers.current.changed);
    timers.current.changed = setTimeout(() => void refreshChanged(), GATHER_MS);
  });

  // Only for the filters it was fetched for, and only while it still has leads the list lacks.
  const loadedSet = useMemo(() => new Set(loadedLeads(data).map((lead) => lead.id)), [data]);
  const current = pending?.key === key ? pending : null;
  const newCount = current ? current.page.data.filter((lead) => !loadedSet.has(lead.id)).length : 0;

  const showNew = useCallback(() => {
    if (current) replaceWithFirstPage(queryClient, filters, current.page);
    setPending(null);
  }, [current, filters, queryClient]);

  return { newCount, newCountIsLowerBound: current !== null && newCount >= current.page.data.length, showNew };
}
