import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// The API signs out the user's other sessions; this one stays.
export async function changePassword(body: Schemas['ChangePasswordDto']): Promise<void> {
  const { error, response } = await send(api.POST('/api/v1/auth/password', { body }));
  if (!response.ok) throw toApiError(response, error);
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}
