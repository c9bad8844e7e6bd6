import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { Settings } from './get-settings';

// openapi.json documents UpdateSettingsDto.slaMinutes as an empty object (the DTO's Partial<> loses its
// fields); the API takes SlaMinutesDto's members. Remove once the API documents it.
export type SettingsChange = Omit<Schemas['UpdateSettingsDto'], 'slaMinutes'> & { slaMinutes?: Partial<Schemas['SlaMinutesDto']> };

export async function updateSettings(change: SettingsChange): Promise<Settings> {
  const body = change as Schemas['UpdateSettingsDto'];
  const { data, error, response } = await send(api.PATCH('/api/v1/settings', { body }));
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
