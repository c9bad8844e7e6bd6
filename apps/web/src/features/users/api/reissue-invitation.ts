import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { Invitation } from './invite-user';

// A fresh link for someone who has not joined yet; the earlier link stops working.
export async function reissueInvitation(userId: string): Promise<Invitation> {
  const { data, error, response } = await send(api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: userId } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useReissueInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reissueInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
