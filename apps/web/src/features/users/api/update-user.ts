import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { User } from './get-users';

export type UserChange = Schemas['UpdateUserDto'];

export async function updateUser({ id, change }: { id: string; change: UserChange }): Promise<User> {
  const { data, error, response } = await send(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: async (user) => {
      // The answer is the row as it now is: show it at once in every loaded list, then read the lists again
      // (a status filter may no longer match) and the roles (their user counts).
      queryClient.setQueriesData<InfiniteData<Schemas['UserPageDto']>>({ queryKey: ['users', 'list'] }, (lists) =>
        lists && { ...lists, pages: lists.pages.map((page) => ({ ...page, data: page.data.map((row) => (row.id === user.id ? user : row)) })) },
      );
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['users'] }), queryClient.invalidateQueries({ queryKey: ['roles'] })]);
    },
  });
}
