import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type WebhookEndpoint = Schemas['WebhookEndpointDto'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecretDto'];
export type CreateWebhookEndpointInput = Schemas['CreateWebhookEndpointDto'];
export type UpdateWebhookEndpointInput = Schemas['UpdateWebhookEndpointDto'];
export type OutboundDelivery = Schemas['OutboundDeliveryDto'];
export type WebhookEventFilter = CreateWebhookEndpointInput['events'][number];

// ['webhooks', 'endpoints'] holds the list and ['webhooks', 'deliveries', id, ...] an endpoint's deliveries.
export const ENDPOINTS_KEY = ['webhooks', 'endpoints'] as const;
export const endpointDeliveriesKey = (id: string) => ['webhooks', 'deliveries', id] as const;

const path = (id: string) => ({ params: { path: { id } } });

export const endpointsQueryOptions = () =>
  queryOptions({
    queryKey: ENDPOINTS_KEY,
    queryFn: async () => {
      const { data, error, response } = await send(api.GET('/api/v1/webhook-endpoints'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

export const useWebhookEndpoints = () => useQuery(endpointsQueryOptions());

export const endpointDeliveriesQueryOptions = (id: string) =>
  infiniteQueryOptions({
    queryKey: [...endpointDeliveriesKey(id), 'list'] as const,
    queryFn: async ({ pageParam }) => {
      const query = { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) };
      const { data, error, response } = await send(api.GET('/api/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id }, query } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

// Pending deliveries change on their own (the sender works in the background): polled while the panel is open.
export const useEndpointDeliveries = (id: string) => useInfiniteQuery({ ...endpointDeliveriesQueryOptions(id), refetchInterval: 5_000 });

function useRefresh() {
  const queryClient = useQueryClient();
  return (id?: string) => {
    void queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY });
    if (id) void queryClient.invalidateQueries({ queryKey: endpointDeliveriesKey(id) });
  };
}

// The secret lives only in the mutation's result (gcTime 0), never in the query cache.
export function useCreateWebhookEndpoint() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> => {
      const { data, error, response } = await send(api.POST('/api/v1/webhook-endpoints', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    gcTime: 0,
    onSuccess: () => refresh(),
  });
}

export function useUpdateWebhookEndpoint(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/webhook-endpoints/{id}', { ...path(id), body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => refresh(id),
  });
}

export function useDeleteWebhookEndpoint(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/webhook-endpoints/{id}', path(id)));
      if (!response.ok) throw toApiError(response, error);
    },
    onSuccess: () => refresh(),
  });
}

export function useRotateWebhookSecret(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (): Promise<WebhookEndpointWithSecret> => {
      const { data, error, response } = await send(api.POST('/api/v1/webhook-endpoints/{id}/rotate-secret', path(id)));
      if (!data) throw toApiError(response, error);
      return data;
    },
    gcTime: 0,
    onSuccess: () => refresh(),
  });
}

export function useSendTestWebhook(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (): Promise<OutboundDelivery> => {
      const { data, error, response } = await send(api.POST('/api/v1/webhook-endpoints/{id}/test', path(id)));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => refresh(id),
  });
}

export function useRetryWebhookDelivery(endpointId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (deliveryId: string): Promise<OutboundDelivery> => {
      const { data, error, response } = await send(api.POST('/api/v1/webhook-endpoints/deliveries/{deliveryId}/retry', { params: { path: { deliveryId } } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => refresh(endpointId),
  });
}
