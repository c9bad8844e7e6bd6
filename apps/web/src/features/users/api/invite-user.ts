import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Invitation = Schemas['InvitationDto'];

export async function inviteUser(body: Schemas['InviteUserDto']): Promise<Invitation> {
  const { data, error, response } = await send(api.POST('/api/v1/users', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: inviteUser,
    // A new row in the list, and one more holder of the role.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['users'] }), queryClient.invalidateQueries({ queryKey: ['roles'] })]),
  });
}
