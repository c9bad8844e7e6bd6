import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type User = Schemas['UserDto'];
export type UserStatus = User['status'];

export interface UserFilters {
  q?: string;
  status?: UserStatus;
}

// Big enough that a small team's whole list (and so every owner) arrives in one page.
const PAGE_SIZE = 100;

export async function getUsers(filters: UserFilters, cursor?: string): Promise<Schemas['UserPageDto']> {
  const query = { limit: PAGE_SIZE, cursor, q: filters.q || undefined, status: filters.status };
  const { data, error, response } = await send(api.GET('/api/v1/users', { params: { query } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const usersQueryOptions = (filters: UserFilters) =>
  infiniteQueryOptions({
    queryKey: ['users', 'list', filters],
    queryFn: ({ pageParam }) => getUsers(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export function useUsers(filters: UserFilters) {
  // While a new search loads, the previous rows stay instead of a skeleton.
  return useInfiniteQuery({ ...usersQueryOptions(filters), placeholderData: keepPreviousData });
}
