import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export async function deleteUser(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteUser,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['users'] }), queryClient.invalidateQueries({ queryKey: ['roles'] })]),
  });
}
