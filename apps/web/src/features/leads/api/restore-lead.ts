import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { LEAD_LISTS_KEY, leadEventsKey } from './lead-cache';
import { applyServerLead, leadErrorMessage } from './update-lead';

type LeadDto = Schemas['LeadDto'];

// POST /api/v1/leads/{id}/restore: out of the trash (409 duplicate_lead when an open lead now has its email or phone).
export async function restoreLead({ id }: { id: string }): Promise<LeadDto> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/{id}/restore', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useRestoreLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'restore'],
    mutationFn: restoreLead,
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The lead was not restored', message: leadErrorMessage(error) });
    },
    onSuccess: async (lead) => {
      applyServerLead(queryClient, lead);
      notifications.show({ color: 'green', title: 'Lead restored', message: 'It is back in the lists.' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY }),
        queryClient.invalidateQueries({ queryKey: leadEventsKey(lead.id) }),
      ]);
    },
  });
}
