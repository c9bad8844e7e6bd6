import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { LEAD_LISTS_KEY, leadDetailKey, leadEventsKey, patchLeadInCaches } from './lead-cache';
import { leadErrorMessage } from './update-lead';

// DELETE /api/v1/leads/{id}: to the trash, restorable until the workspace's retention period ends.
export async function deleteLead({ id }: { id: string }): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/leads/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

// Not optimistic: the user confirmed first, and the lists drop the lead once the API has moved it.
export function useDeleteLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'delete'],
    mutationFn: deleteLead,
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The lead was not deleted', message: leadErrorMessage(error) });
    },
    onSuccess: async (_data, { id }) => {
      patchLeadInCaches(queryClient, id, { deletedAt: new Date().toISOString() });
      notifications.show({ color: 'green', title: 'Moved to the trash', message: 'The lead can be restored from the trash.' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY }),
        queryClient.invalidateQueries({ queryKey: leadDetailKey(id) }),
        queryClient.invalidateQueries({ queryKey: leadEventsKey(id) }),
      ]);
    },
  });
}
