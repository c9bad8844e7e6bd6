import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type HostWorkspace = Schemas['HostWorkspaceDto'];
export type WorkspaceAddress = Schemas['WorkspaceAddressDto'];
export type NetworkAccess = Schemas['NetworkAccessDto'];
export type NetworkAccessChange = Schemas['UpdateNetworkAccessDto'];

// Which workspace this host name serves (BASE_DOMAIN): read before anyone signs in.
export async function getHostWorkspace(): Promise<HostWorkspace> {
  const { data, error, response } = await send(api.GET('/api/v1/workspace-by-host'));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useHostWorkspace() {
  return useQuery({ queryKey: ['workspace', 'host'], queryFn: getHostWorkspace, staleTime: Infinity, retry: false });
}

export function useFindWorkspace() {
  return useMutation({
    mutationFn: async (body: Schemas['FindWorkspaceDto']) => {
      const { data, error, response } = await send(api.POST('/api/v1/workspace-finder', { body }));
      if (!data) throw toApiError(response, error);
    },
  });
}

const addressKey = ['workspace', 'address'] as const;

export function useWorkspaceAddress() {
  return useQuery(
    queryOptions({
      queryKey: addressKey,
      queryFn: async () => {
        const { data, error, response } = await send(api.GET('/api/v1/workspace/address'));
        if (!data) throw toApiError(response, error);
        return data;
      },
    }),
  );
}

export function useUpdateWorkspaceAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (slug: string) => {
      const { data, error, response } = await send(api.PUT('/api/v1/workspace/address', { body: { slug } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (address) => queryClient.setQueryData(addressKey, address),
  });
}

const networkKey = ['settings', 'network-access'] as const;

export function useNetworkAccess() {
  return useQuery(
    queryOptions({
      queryKey: networkKey,
      queryFn: async () => {
        const { data, error, response } = await send(api.GET('/api/v1/settings/network-access'));
        if (!data) throw toApiError(response, error);
        return data;
      },
    }),
  );
}

export function useUpdateNetworkAccess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NetworkAccessChange) => {
      const { data, error, response } = await send(api.PUT('/api/v1/settings/network-access', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (access) => queryClient.setQueryData(networkKey, access),
  });
}
