import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// Signs out one of the user's other sessions: its tokens stop working at once.
export async function revokeSession(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}
