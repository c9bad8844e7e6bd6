import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { reloadSession } from '@/lib/session';

// There is no self-service profile endpoint: the user endpoint renames anyone, so this needs users:manage.
export async function updateOwnName(userId: string, name: string): Promise<void> {
  const { data, error, response } = await send(
    api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: userId } },
      body: { name },
    }),
  );
  if (!data) throw toApiError(response, error);
}

export function useUpdateOwnName(userId: string) {
  return useMutation({
    mutationFn: (name: string) => updateOwnName(userId, name),
    // The header and this page read the name from the session.
    onSuccess: () => reloadSession(),
  });
}
