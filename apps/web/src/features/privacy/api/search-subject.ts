import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type SubjectReport = Schemas['SubjectReportDto'];
export interface SubjectQuery {
  email?: string;
  phone?: string;
}

export const SUBJECTS_KEY = ['privacy', 'subjects'] as const;

export async function searchSubject(query: SubjectQuery): Promise<SubjectReport> {
  const { data, error, response } = await send(api.GET('/api/v1/privacy/subjects', { params: { query } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const subjectQueryOptions = (query: SubjectQuery) => queryOptions({ queryKey: [...SUBJECTS_KEY, query], queryFn: () => searchSubject(query) });

// Nothing is asked until the admin searched for someone.
export function useSubject(query: SubjectQuery | null) {
  return useQuery({ ...subjectQueryOptions(query ?? {}), enabled: query !== null });
}
