import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { API_KEY_LISTS_KEY } from './get-api-keys';

export type CreateApiKeyInput = Schemas['CreateApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKeyDto'];
export type ApiKeyScope = CreateApiKeyInput['scopes'][number];

export async function createApiKey(body: CreateApiKeyInput): Promise<CreatedApiKey> {
  const { data, error, response } = await send(api.POST('/api/v1/api-keys', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    // Dropped from the mutation cache as soon as the dialog lets go of it.
    gcTime: 0,
    // Only the list is refreshed: the secret lives in the mutation's result alone, never in the cache.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: API_KEY_LISTS_KEY }),
  });
}
