import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Retention = Schemas['RetentionDto'];
export type RetentionChange = Schemas['UpdateRetentionDto'];

export const RETENTION_KEY = ['privacy', 'retention'] as const;

export async function getRetention(): Promise<Retention> {
  const { data, error, response } = await send(api.GET('/api/v1/privacy/retention'));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function updateRetention(change: RetentionChange): Promise<Retention> {
  const { data, error, response } = await send(api.PATCH('/api/v1/privacy/retention', { body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const retentionQueryOptions = () => queryOptions({ queryKey: RETENTION_KEY, queryFn: getRetention });

export function useRetention() {
  return useQuery(retentionQueryOptions());
}

export function useUpdateRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRetention,
    // The answer is the rules as they now are.
    onSuccess: (saved) => queryClient.setQueryData(RETENTION_KEY, saved),
  });
}
