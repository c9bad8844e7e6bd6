import type { Schemas } from '@hotleads/api-client';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { api, send, toApiError } from '@/lib/api-client';
import { leadDetailKey } from './lead-cache';

type LeadDto = Schemas['LeadDto'];

// GET /api/v1/leads/{id}: also a lead in the trash (deletedAt set). Its version is the ETag.
export async function getLead(id: string): Promise<LeadDto> {
  const { data, error, response } = await send(api.GET('/api/v1/leads/{id}', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export const leadQueryOptions = (id: string) =>
  queryOptions({
    queryKey: leadDetailKey(id),
    queryFn: () => getLead(id),
    staleTime: 10_000,
  });

// While the next lead loads the previous one stays on screen (j/k through the list must not flash);
// `isPlaceholderData` tells the panel it is showing the previous lead.
export function useLead(id: string) {
  const refetchInterval = usePollingFallback();
  return useQuery({ ...leadQueryOptions(id), placeholderData: keepPreviousData, refetchInterval });
}
