import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { SubjectQuery } from './search-subject';

export type PrivacyExport = Schemas['PrivacyExportDto'];
export type PrivacyExportDocument = Schemas['PrivacyExportDocumentDto'];

export const EXPORTS_KEY = ['privacy', 'exports'] as const;

export async function getExports(): Promise<PrivacyExport[]> {
  const { data, error, response } = await send(api.GET('/api/v1/privacy/exports'));
  if (!data) throw toApiError(response, error);
  return data.items;
}

// Polls while one is still being gathered.
export const exportsQueryOptions = () =>
  queryOptions({ queryKey: EXPORTS_KEY, queryFn: getExports, refetchInterval: (q) => (q.state.data?.some((e) => e.status === 'pending') ? 2000 : false) });

export function useExports() {
  return useQuery(exportsQueryOptions());
}

export async function requestExport(query: SubjectQuery): Promise<PrivacyExport> {
  const { data, error, response } = await send(api.POST('/api/v1/privacy/subjects/export', { body: query }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useRequestExport() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: requestExport, onSuccess: () => void queryClient.invalidateQueries({ queryKey: EXPORTS_KEY }) });
}

export async function downloadExport(id: string): Promise<PrivacyExportDocument> {
  const { data, error, response } = await send(api.GET('/api/v1/privacy/exports/{id}/download', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useDownloadExport() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: downloadExport, onSettled: () => void queryClient.invalidateQueries({ queryKey: EXPORTS_KEY }) });
}
