import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { cancelLeadQueries, LEAD_LISTS_KEY, leadEventsKey, leadInSnapshot, patchLeadInCaches, restoreLeadCaches, snapshotLeadCaches } from './lead-cache';
import { applyServerLead, leadErrorMessage, recordOwnLeadWrite } from './update-lead';

type LeadDto = Schemas['LeadDto'];

// POST /api/v1/leads/{id}/release: unassigns the lead (its holder, or anyone with leads:assign).
export async function releaseLead({ id }: { id: string }): Promise<LeadDto> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/{id}/release', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useReleaseLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'release'],
    scope: { id: 'leads:update' },
    mutationFn: releaseLead,
    onMutate: async ({ id }) => {
      await cancelLeadQueries(queryClient, id);
      const snapshot = snapshotLeadCaches(queryClient, id);
      patchLeadInCaches(queryClient, id, { assigneeId: null });
      return { snapshot, version: leadInSnapshot(snapshot, id)?.version };
    },
    onError: (error, _variables, context) => {
      if (context) restoreLeadCaches(context.snapshot);
      notifications.show({ color: 'red', title: 'The lead was not released', message: leadErrorMessage(error) });
    },
    onSuccess: (lead, _variables, context) => {
      recordOwnLeadWrite(queryClient, context.version, lead);
      applyServerLead(queryClient, lead);
      void queryClient.invalidateQueries({ queryKey: leadEventsKey(lead.id) });
      void queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY, refetchType: 'none' });
    },
  });
}
