import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Role = Schemas['RoleDto'];

// The roles a user can be given. Same key and data as the Roles page's list, so the two share one cache
// entry and the Roles page's changes reach this one.
export async function getRoles(): Promise<Role[]> {
  const { data, error, response } = await send(api.GET('/api/v1/roles'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const rolesQueryOptions = () => queryOptions({ queryKey: ['roles', 'list'], queryFn: getRoles });

export function useRoles() {
  return useQuery(rolesQueryOptions());
}
