import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type SavedView = Schemas['SavedViewDto'];

// Personal views of the leads page: a name and the page's query string.
export const savedViewsKey = ['saved-views', 'list'] as const;

export async function listSavedViews(signal?: AbortSignal): Promise<SavedView[]> {
  const { data, error, response } = await send(api.GET('/api/v1/saved-views', { signal }));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function createSavedView(body: { name: string; query: string }): Promise<SavedView> {
  const { data, error, response } = await send(api.POST('/api/v1/saved-views', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function updateSavedView({ id, ...body }: { id: string; name?: string; query?: string }): Promise<SavedView> {
  const { data, error, response } = await send(api.PATCH('/api/v1/saved-views/{id}', { params: { path: { id } }, body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function deleteSavedView(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/saved-views/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export const savedViewsQueryOptions = () =>
  queryOptions({
    queryKey: savedViewsKey,
    queryFn: ({ signal }) => listSavedViews(signal),
    staleTime: 5 * 60_000,
  });

export function useSavedViews() {
  return useQuery(savedViewsQueryOptions());
}

// The list is small: every change refetches it, so names and order are the server's.
function useSavedViewMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewsKey }) });
}

export const useCreateSavedView = () => useSavedViewMutation(createSavedView);
export const useUpdateSavedView = () => useSavedViewMutation(updateSavedView);
export const useDeleteSavedView = () => useSavedViewMutation(deleteSavedView);
