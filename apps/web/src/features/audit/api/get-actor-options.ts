import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export interface ActorOption {
  value: string;
  label: string;
}

// The workspace's people for the actor filter (the first 200 is plenty for a sales team).
export async function getActorOptions(): Promise<ActorOption[]> {
  const { data, error, response } = await send(api.GET('/api/v1/users', { params: { query: { limit: 200 } } }));
  if (!data) throw toApiError(response, error);
  return data.data.map((user) => ({
    value: user.id,
    label: user.name ? `${user.name} (${user.email})` : user.email,
  }));
}

export const actorOptionsQueryOptions = () =>
  queryOptions({
    queryKey: ['audit', 'actors'],
    queryFn: getActorOptions,
    staleTime: 5 * 60_000,
  });

// Only for those who may list users; the others filter by an actor's id.
export function useActorOptions(enabled: boolean) {
  return useQuery({ ...actorOptionsQueryOptions(), enabled });
}
