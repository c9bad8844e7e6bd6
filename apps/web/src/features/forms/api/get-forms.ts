import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';

export type Form = Schemas['FormDto'];

export const FORMS_KEY = ['forms'] as const;
export const FORM_LISTS_KEY = ['forms', 'list'] as const;

export async function getForms(): Promise<Form[]> {
  const { data, error, response } = await send(api.GET('/api/v1/forms'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const formsQueryOptions = () => queryOptions({ queryKey: FORM_LISTS_KEY, queryFn: getForms });

export function useForms() {
  // Counts move with every submission: poll while the live stream (which refreshes them) is down.
  return useQuery({ ...formsQueryOptions(), refetchInterval: usePollingFallback() });
}
