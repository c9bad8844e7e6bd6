import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// Signs out every session of the user but this one; answers how many ended.
export async function revokeOtherSessions(): Promise<number> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/sessions/revoke-others'));
  if (!data) throw toApiError(response, error);
  return data.revoked;
}

export function useRevokeOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeOtherSessions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}
