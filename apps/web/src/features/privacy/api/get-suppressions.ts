import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type Suppression = Schemas['SuppressionDto'];

export const SUPPRESSIONS_KEY = ['privacy', 'suppressions'] as const;

export async function getSuppressions(): Promise<Suppression[]> {
  const { data, error, response } = await send(api.GET('/api/v1/privacy/suppressions'));
  if (!data) throw toApiError(response, error);
  return data.items;
}

export const suppressionsQueryOptions = () => queryOptions({ queryKey: SUPPRESSIONS_KEY, queryFn: getSuppressions });

export function useSuppressions() {
  return useQuery(suppressionsQueryOptions());
}
