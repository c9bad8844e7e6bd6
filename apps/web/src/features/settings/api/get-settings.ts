import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Settings = Schemas['SettingsDto'];

export async function getSettings(): Promise<Settings> {
  const { data, error, response } = await send(api.GET('/api/v1/settings'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const settingsQueryOptions = () => queryOptions({ queryKey: ['settings', 'detail'], queryFn: getSettings });

export function useSettings() {
  return useQuery(settingsQueryOptions());
}
