import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type NotificationItem = Schemas['NotificationDto'];
export type NotificationPage = Schemas['NotificationPageDto'];

// ['notifications', ...] holds the caller's notifications; a live `notification.changed` or a mutation
// refreshes them by this prefix.
export const NOTIFICATIONS_KEY = ['notifications'] as const;
const LATEST = 20;

async function latestNotifications(): Promise<NotificationPage> {
  const { data, error, response } = await send(api.GET('/api/v1/notifications', { params: { query: { limit: LATEST } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const latestNotificationsQueryOptions = () => queryOptions({ queryKey: [...NOTIFICATIONS_KEY, 'latest'], queryFn: latestNotifications });

export const useLatestNotifications = (refetchInterval: number | false) => useQuery({ ...latestNotificationsQueryOptions(), refetchInterval });

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const { error, response } = await send(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
      if (!response.ok) throw toApiError(response, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<void> => {
      const { error, response } = await send(api.POST('/api/v1/notifications/read-all'));
      if (!response.ok) throw toApiError(response, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
