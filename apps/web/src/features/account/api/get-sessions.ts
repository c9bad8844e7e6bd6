import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type AccountSession = Schemas['SessionDto'];

export async function getSessions(): Promise<AccountSession[]> {
  const { data, error, response } = await send(api.GET('/api/v1/auth/sessions'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const sessionsQueryOptions = () => queryOptions({ queryKey: ['account', 'sessions'], queryFn: getSessions });

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}
