import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { Role } from '@/lib/api/get-roles';

export async function updateRole({ id, change }: { id: string; change: Schemas['UpdateRoleDto'] }): Promise<Role> {
  const { data, error, response } = await send(api.PATCH('/api/v1/roles/{id}', { params: { path: { id } }, body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useUpdateRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRole,
    // The users list shows role names.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['roles'] }), queryClient.invalidateQueries({ queryKey: ['users'] })]),
  });
}
