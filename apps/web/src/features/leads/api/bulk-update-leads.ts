import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { BulkTarget } from '../utils/lead-selection';

export type BulkLeadChanges = Schemas['BulkLeadChangesDto'];
export type BulkUpdateResult = Schemas['BulkUpdateResultDto'];

export interface BulkUpdateVariables {
  target: BulkTarget;
  set: BulkLeadChanges;
}

// POST /api/v1/leads/bulk-update: one set-based statement on the ids or on every lead matching the filter;
// leads that may not change (illegal status move, someone else's lead for an agent) are skipped and listed.
export async function bulkUpdateLeads({ target, set }: BulkUpdateVariables): Promise<BulkUpdateResult> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/bulk-update', { body: { ...target, set } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useBulkUpdateLeads() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'bulk-update'],
    mutationFn: bulkUpdateLeads,
    // Lists, details, timelines and figures may all have changed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['leads'] }),
  });
}
