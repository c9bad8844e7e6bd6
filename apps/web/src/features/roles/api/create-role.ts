import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { Role } from '@/lib/api/get-roles';

export async function createRole(body: Schemas['CreateRoleDto']): Promise<Role> {
  const { data, error, response } = await send(api.POST('/api/v1/roles', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useCreateRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRole,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }),
  });
}
