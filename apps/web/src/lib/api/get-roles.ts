import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Role = Schemas['RoleDto'];

// Read by the Roles page and by the Users page (the roles a user can be given): one cache entry for both, so
// a change on the Roles page reaches the other.
export async function getRoles(): Promise<Role[]> {
  const { data, error, response } = await send(api.GET('/api/v1/roles'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const rolesQueryOptions = () => queryOptions({ queryKey: ['roles', 'list'], queryFn: getRoles });

export function useRoles() {
  return useQuery(rolesQueryOptions());
}
