import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { API_KEY_LISTS_KEY } from './get-api-keys';

export async function revokeApiKey(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    // Not awaited: the caller's toast comes first; the refreshed list then drops the row's revoke button
    // (and this dialog with it).
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: API_KEY_LISTS_KEY }),
  });
}
