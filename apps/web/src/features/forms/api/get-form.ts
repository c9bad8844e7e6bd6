import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { Form } from './get-forms';

export const formDetailKey = (id: string) => ['forms', 'detail', id] as const;

export async function getForm(id: string): Promise<Form> {
  const { data, error, response } = await send(api.GET('/api/v1/forms/{id}', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const formQueryOptions = (id: string) => queryOptions({ queryKey: formDetailKey(id), queryFn: () => getForm(id) });

export function useForm(id: string) {
  return useQuery(formQueryOptions(id));
}
