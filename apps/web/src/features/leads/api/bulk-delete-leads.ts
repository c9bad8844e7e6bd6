import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { BulkTarget } from '../utils/lead-selection';

export type BulkDeleteResult = Schemas['BulkDeleteResultDto'];

// POST /api/v1/leads/bulk-delete: moves the leads to the trash (restorable until purged).
export async function bulkDeleteLeads(target: BulkTarget): Promise<BulkDeleteResult> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/bulk-delete', { body: target }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useBulkDeleteLeads() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'bulk-delete'],
    mutationFn: bulkDeleteLeads,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['leads'] }),
  });
}
