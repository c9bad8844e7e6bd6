import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type ApiKey = Schemas['ApiKeyDto'];

export const API_KEY_LISTS_KEY = ['api-keys', 'list'] as const;

export async function getApiKeys(): Promise<ApiKey[]> {
  const { data, error, response } = await send(api.GET('/api/v1/api-keys'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const apiKeysQueryOptions = () => queryOptions({ queryKey: API_KEY_LISTS_KEY, queryFn: getApiKeys });

export function useApiKeys() {
  return useQuery(apiKeysQueryOptions());
}
