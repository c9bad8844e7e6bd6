import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { CONNECTIONS_KEY, connectionKey, type Connection, type ConnectionTestResult } from './connections';

export type SyncRun = Schemas['SyncRunDto'];
export type SyncRunFailure = Schemas['SyncRunFailureDto'];
export type SyncRunStatus = SyncRun['status'];
export type SyncTrigger = SyncRun['trigger'];

const PAGE_SIZE = 20;
// While a run is going (or one was just queued and has not shown up yet) the runs refresh this often.
export const RUNS_POLL_MS = 2_000;

export const runsKey = (connectionId: string) => ['integrations', 'runs', connectionId] as const;

const path = (id: string) => ({ params: { path: { id } } });

export const runsQueryOptions = (connectionId: string) =>
  infiniteQueryOptions({
    queryKey: [...runsKey(connectionId), 'list'] as const,
    queryFn: async ({ pageParam }) => {
      const query = { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) };
      const { data, error, response } = await send(api.GET('/api/v1/integrations/connections/{id}/runs', { params: { path: { id: connectionId }, query } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

// `poll` says, from the runs listed so far, whether to refresh again in RUNS_POLL_MS.
export const useSyncRuns = (connectionId: string, poll: (runs: SyncRun[]) => boolean) =>
  useInfiniteQuery({ ...runsQueryOptions(connectionId), refetchInterval: (query) => (poll(query.state.data?.pages.flatMap((page) => page.data) ?? []) ? RUNS_POLL_MS : false) });

export function useRunFailures(connectionId: string, runId: string | null) {
  return useQuery({
    queryKey: [...runsKey(connectionId), 'failures', runId] as const,
    enabled: runId !== null,
    queryFn: async () => {
      const { data, error, response } = await send(
        api.GET('/api/v1/integrations/connections/{id}/runs/{runId}/failures', { params: { path: { id: connectionId, runId: runId! } } }),
      );
      if (!data) throw toApiError(response, error);
      return data;
    },
  });
}

// Queues a run of every stream (`full`: from the beginning); the runs list picks it up when it starts.
export function useSyncNow(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (full: boolean): Promise<Schemas['SyncQueuedDto']> => {
      const { data, error, response } = await send(api.POST('/api/v1/integrations/connections/{id}/sync', { ...path(connectionId), body: full ? { full: true } : {} }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: runsKey(connectionId) }),
  });
}

export function useSetSyncPaused(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (paused: boolean): Promise<Connection> => {
      const call = paused
        ? api.POST('/api/v1/integrations/connections/{id}/pause', path(connectionId))
        : api.POST('/api/v1/integrations/connections/{id}/resume', path(connectionId));
      const { data, error, response } = await send(call);
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(connectionKey(connectionId), updated);
      void queryClient.invalidateQueries({ queryKey: CONNECTIONS_KEY });
    },
  });
}

export interface CredentialsTest {
  // A provider name the generated client may not list yet (Zoom): the API checks it.
  provider: string;
  credentials: Record<string, string>;
}

// The connect form's `Test`: nothing is saved. Bad fields come back as an ApiError with field errors.
export function useTestCredentials() {
  return useMutation({
    mutationFn: async ({ provider, credentials }: CredentialsTest): Promise<ConnectionTestResult> => {
      const body = { provider: provider as Schemas['TestCredentialsDto']['provider'], credentials };
      const { data, error, response } = await send(api.POST('/api/v1/integrations/connections/test', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    gcTime: 0,
  });
}
