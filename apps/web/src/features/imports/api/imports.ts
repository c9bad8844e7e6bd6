import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, ApiError, networkError, send, toApiError } from '@/lib/api-client';
import { getAccessToken, refreshAccessToken } from '@/lib/access-token';
import { saveFile } from '@/features/leads/api/export-leads';

export type LeadImport = Schemas['LeadImportDto'];
export type LeadImportSummary = Schemas['LeadImportSummaryDto'];
export type ImportMode = LeadImport['mode'];

export const IMPORTS_KEY = ['leads', 'imports'] as const;
const IMPORTS_URL = '/api/v1/leads/imports';

export const isFinished = (status: LeadImport['status']) => status === 'completed' || status === 'failed';

export const importListQueryOptions = () =>
  queryOptions({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: async ({ signal }) => {
      const { data, error, response } = await send(api.GET(IMPORTS_URL, { params: { query: { limit: 20 } }, signal }));
      if (!data) throw toApiError(response, error);
      return data.data;
    },
  });

// While one of them runs the list refreshes too, so its counts move with the progress panel.
export function useImportList() {
  return useQuery({
    ...importListQueryOptions(),
    refetchInterval: (query) => (query.state.data?.some((i) => !isFinished(i.status)) ? 2_000 : false),
  });
}

export const savedMappingQueryOptions = () =>
  queryOptions({
    queryKey: [...IMPORTS_KEY, 'mapping'],
    queryFn: async ({ signal }) => {
      const { data, error, response } = await send(api.GET(`${IMPORTS_URL}/mapping`, { signal }));
      if (!data) throw toApiError(response, error);
      return data.mapping;
    },
    staleTime: 60_000,
  });

export const useSavedMapping = () => useQuery(savedMappingQueryOptions());

// The progress of one import, polled every second until it has finished.
export function useImportProgress(id: string | null) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'one', id],
    enabled: id !== null,
    queryFn: async ({ signal }) => {
      const { data, error, response } = await send(api.GET(`${IMPORTS_URL}/{id}`, { params: { path: { id: id! } }, signal }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : 1_000),
  });
}

export async function downloadImportErrors(id: string): Promise<void> {
  const { data, error, response } = await send(api.GET(`${IMPORTS_URL}/{id}/errors.csv`, { params: { path: { id } }, parseAs: 'blob' }));
  if (!data) throw toApiError(response, error);
  saveFile(data as Blob, `import-errors-${id.slice(0, 8)}.csv`);
}

export interface ImportRequest {
  file: File;
  mapping: Record<string, string>;
  mode: ImportMode;
  tags: string[];
}

export interface UploadHandle {
  done: Promise<{ id: string }>;
  abort: () => void;
}

// The file goes up as multipart through XMLHttpRequest: the browser streams it from disk (the tab never
// holds it) and reports upload progress, which fetch cannot. Options go before the file part, as the API
// reads them first. One retry with a fresh token on 401, as the API client does.
export function uploadImport(request: ImportRequest, onProgress: (sent: number, total: number) => void): UploadHandle {
  let current: XMLHttpRequest | null = null;
  let aborted = false;
  const attempt = (token: string | undefined) =>
    new Promise<{ status: number; body: unknown; requestId: string | null }>((resolve, reject) => {
      const form = new FormData();
      form.append('mapping', JSON.stringify(request.mapping));
      form.append('mode', request.mode);
      if (request.tags.length > 0) form.append('tags', request.tags.join(','));
      form.append('file', request.file, request.file.name);
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', IMPORTS_URL);
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : request.file.size);
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          body = null;
        }
        resolve({ status: xhr.status, body, requestId: xhr.getResponseHeader('x-request-id') });
      };
      xhr.onerror = () => reject(networkError(new TypeError('upload failed')));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
      xhr.send(form);
    });
  const done = (async () => {
    let answer = await attempt(getAccessToken() ?? (await refreshAccessToken()));
    if (answer.status === 401 && !aborted) {
      const fresh = await refreshAccessToken();
      if (fresh) answer = await attempt(fresh);
    }
    if (answer.status === 202) return answer.body as { id: string };
    const headers = new Headers(answer.requestId ? { 'x-request-id': answer.requestId } : {});
    throw toApiError(new Response(null, { status: answer.status, headers }), answer.body);
  })();
  return {
    done,
    abort: () => {
      aborted = true;
      current?.abort();
    },
  };
}

export const importErrorMessage = (error: unknown) => (error instanceof ApiError ? error.detail : error instanceof Error ? error.message : 'The import failed');
