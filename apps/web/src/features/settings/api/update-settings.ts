import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { Settings } from './get-settings';

export type SettingsChange = Schemas['UpdateSettingsDto'];

export async function updateSettings(change: SettingsChange): Promise<Settings> {
  const { data, error, response } = await send(api.PATCH('/api/v1/settings', { body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSettings,
    // The answer is the settings as they now are: no need to read them again.
    onSuccess: (settings) => queryClient.setQueryData(['settings', 'detail'], settings),
  });
}
