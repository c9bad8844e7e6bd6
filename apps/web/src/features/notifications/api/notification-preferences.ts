import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type NotificationPreferences = Schemas['NotificationPreferencesDto'];
export type NotificationPreferencesChange = Schemas['UpdateNotificationPreferencesDto'];
export type NotificationSettings = Schemas['NotificationSettingsDto'];
export type NotificationSettingsChange = Schemas['UpdateNotificationSettingsDto'];
export type SlackChannel = Schemas['SlackChannelDto'];
export type SlackChannelInput = Schemas['CreateSlackChannelDto'];
export type SlackChannelChange = Schemas['UpdateSlackChannelDto'];

const PREFERENCES_KEY = ['notification-preferences'] as const;
const SETTINGS_KEY = ['notification-settings', 'detail'] as const;
const SLACK_KEY = ['notification-settings', 'slack-channels'] as const;

export const notificationPreferencesQueryOptions = () =>
  queryOptions({
    queryKey: PREFERENCES_KEY,
    queryFn: async (): Promise<NotificationPreferences> => {
      const { data, error, response } = await send(api.GET('/api/v1/notification-preferences'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

export const useNotificationPreferences = () => useQuery(notificationPreferencesQueryOptions());

export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: NotificationPreferencesChange): Promise<NotificationPreferences> => {
      const { data, error, response } = await send(api.PUT('/api/v1/notification-preferences', { body: change }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (preferences) => queryClient.setQueryData(PREFERENCES_KEY, preferences),
  });
}

export const notificationSettingsQueryOptions = () =>
  queryOptions({
    queryKey: SETTINGS_KEY,
    queryFn: async (): Promise<NotificationSettings> => {
      const { data, error, response } = await send(api.GET('/api/v1/notification-settings'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

export const useNotificationSettings = () => useQuery(notificationSettingsQueryOptions());

export function useUpdateNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: NotificationSettingsChange): Promise<NotificationSettings> => {
      const { data, error, response } = await send(api.PUT('/api/v1/notification-settings', { body: change }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (settings) => queryClient.setQueryData(SETTINGS_KEY, settings),
  });
}

export const useSlackChannels = () =>
  useQuery({
    queryKey: SLACK_KEY,
    queryFn: async (): Promise<SlackChannel[]> => {
      const { data, error, response } = await send(api.GET('/api/v1/notification-settings/slack-channels'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

export function useCreateSlackChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SlackChannelInput): Promise<SlackChannel> => {
      const { data, error, response } = await send(api.POST('/api/v1/notification-settings/slack-channels', { body: input }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SLACK_KEY }),
  });
}

export function useUpdateSlackChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: SlackChannelChange }): Promise<SlackChannel> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/notification-settings/slack-channels/{id}', { params: { path: { id } }, body: change }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SLACK_KEY }),
  });
}

export function useDeleteSlackChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/notification-settings/slack-channels/{id}', { params: { path: { id } } }));
      if (!response.ok) throw toApiError(response, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SLACK_KEY }),
  });
}
