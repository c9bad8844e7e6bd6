import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Delivery = Schemas['DeliveryDto'];
export type DeliveryDetail = Schemas['DeliveryDetailDto'];
export type DeliveryState = Delivery['state'];

const PAGE_SIZE = 50;

export const deliveriesKey = (connectionId: string) => ['integrations', 'deliveries', connectionId] as const;

export const deliveriesQueryOptions = (connectionId: string, state: DeliveryState | null) =>
  infiniteQueryOptions({
    queryKey: [...deliveriesKey(connectionId), 'list', state ?? 'all'] as const,
    queryFn: async ({ pageParam }) => {
      const query = { limit: PAGE_SIZE, ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) };
      const { data, error, response } = await send(
        api.GET('/api/v1/integrations/connections/{id}/deliveries', { params: { path: { id: connectionId }, query } }),
      );
      if (!data) throw toApiError(response, error);
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useDeliveries = (connectionId: string, state: DeliveryState | null, refetchInterval: number | false) =>
  useInfiniteQuery({ ...deliveriesQueryOptions(connectionId, state), refetchInterval });

export function useDelivery(connectionId: string, deliveryId: string | null) {
  return useQuery({
    queryKey: [...deliveriesKey(connectionId), 'detail', deliveryId] as const,
    enabled: deliveryId !== null,
    queryFn: async () => {
      const { data, error, response } = await send(
        api.GET('/api/v1/integrations/connections/{id}/deliveries/{deliveryId}', {
          params: { path: { id: connectionId, deliveryId: deliveryId! } },
        }),
      );
      if (!data) throw toApiError(response, error);
      return data;
    },
  });
}

export function useReplayDelivery(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (deliveryId: string) => {
      const { data, error, response } = await send(
        api.POST('/api/v1/integrations/connections/{id}/deliveries/{deliveryId}/replay', { params: { path: { id: connectionId, deliveryId } } }),
      );
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deliveriesKey(connectionId) }),
  });
}
