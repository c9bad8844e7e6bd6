import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export async function deleteRole(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/roles/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export function useDeleteRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRole,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }),
  });
}
