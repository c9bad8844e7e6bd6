import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Connection = Schemas['ConnectionDto'];
export type ConnectionWithSecret = Schemas['ConnectionWithSecretDto'];
export type CreateConnectionInput = Schemas['CreateConnectionDto'];
export type UpdateConnectionInput = Schemas['UpdateConnectionDto'];
export type ConnectionTestResult = Schemas['ConnectionTestResultDto'];

// ['integrations', 'connections'] holds the list, ['integrations', 'connection', id] one connection, and
// ['integrations', 'deliveries', id, ...] its deliveries: a live event or a mutation refreshes them by prefix.
export const CONNECTIONS_KEY = ['integrations', 'connections'] as const;
export const connectionKey = (id: string) => ['integrations', 'connection', id] as const;

const path = (id: string) => ({ params: { path: { id } } });

async function listConnections(): Promise<Connection[]> {
  const { data, error, response } = await send(api.GET('/api/v1/integrations/connections'));
  if (!data) throw toApiError(response, error);
  return data;
}

async function getConnection(id: string): Promise<Connection> {
  const { data, error, response } = await send(api.GET('/api/v1/integrations/connections/{id}', path(id)));
  if (!data) throw toApiError(response, error);
  return data;
}

export const connectionsQueryOptions = () => queryOptions({ queryKey: CONNECTIONS_KEY, queryFn: listConnections });
export const connectionQueryOptions = (id: string) => queryOptions({ queryKey: connectionKey(id), queryFn: () => getConnection(id) });

export const useConnections = () => useQuery(connectionsQueryOptions());

// The connection's status can change while the page is open (Acuity refusing the key): refetched on a
// timer while the live stream is down, and on `delivery.changed` while it is up.
export const useConnection = (id: string, refetchInterval: number | false) => useQuery({ ...connectionQueryOptions(id), refetchInterval });

function useRefreshConnections() {
  const queryClient = useQueryClient();
  return (connection?: Connection) => {
    if (connection) queryClient.setQueryData(connectionKey(connection.id), stripSecret(connection));
    void queryClient.invalidateQueries({ queryKey: CONNECTIONS_KEY });
  };
}

// A secret never goes into the query cache: only the mutation result that shows it once holds it.
function stripSecret(connection: ConnectionWithSecret): Connection {
  const { secret: _secret, ...rest } = connection;
  return rest;
}

export function useCreateConnection() {
  const refresh = useRefreshConnections();
  return useMutation({
    mutationFn: async (body: CreateConnectionInput): Promise<ConnectionWithSecret> => {
      const { data, error, response } = await send(api.POST('/api/v1/integrations/connections', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    gcTime: 0,
    onSuccess: (created) => refresh(created),
  });
}

export function useUpdateConnection(id: string) {
  const refresh = useRefreshConnections();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateConnectionInput): Promise<Connection> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/integrations/connections/{id}', { ...path(id), body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (updated) => {
      refresh(updated);
      // New credentials queue the failed deliveries again.
      void queryClient.invalidateQueries({ queryKey: ['integrations', 'deliveries', id] });
    },
  });
}

export function useSetConnectionEnabled(id: string) {
  const refresh = useRefreshConnections();
  return useMutation({
    mutationFn: async (enabled: boolean): Promise<Connection> => {
      const call = enabled
        ? api.POST('/api/v1/integrations/connections/{id}/enable', path(id))
        : api.POST('/api/v1/integrations/connections/{id}/disable', path(id));
      const { data, error, response } = await send(call);
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (updated) => refresh(updated),
  });
}

export function useRotateSecret(id: string) {
  const refresh = useRefreshConnections();
  return useMutation({
    mutationFn: async (): Promise<ConnectionWithSecret> => {
      const { data, error, response } = await send(api.POST('/api/v1/integrations/connections/{id}/rotate-secret', path(id)));
      if (!data) throw toApiError(response, error);
      return data;
    },
    gcTime: 0,
    onSuccess: (rotated) => refresh(rotated),
  });
}

export function useTestConnection(id: string) {
  const refresh = useRefreshConnections();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<ConnectionTestResult> => {
      const { data, error, response } = await send(api.POST('/api/v1/integrations/connections/{id}/test', path(id)));
      if (!data) throw toApiError(response, error);
      return data;
    },
    // A test may change the status (a refused key needs attention, a working one no longer does).
    onSettled: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: connectionKey(id) });
    },
  });
}

export function useDeleteConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/integrations/connections/{id}', path(id)));
      if (!response.ok) throw toApiError(response, error);
    },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: connectionKey(id) });
      queryClient.removeQueries({ queryKey: ['integrations', 'deliveries', id] });
      void queryClient.invalidateQueries({ queryKey: CONNECTIONS_KEY });
    },
  });
}
