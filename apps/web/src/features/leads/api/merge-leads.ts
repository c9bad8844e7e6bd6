import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { showUndoToast } from '@/components/ui/undo-toast';
import { api, send, toApiError } from '@/lib/api-client';
import { leadErrorMessage } from './update-lead';

export type MergeLeadsBody = Schemas['MergeLeadsDto'];
export type LeadMerge = Schemas['LeadMergeDto'];
type LeadMergeUndone = Schemas['LeadMergeUndoneDto'];

// POST /api/v1/leads/merge: the survivor takes the chosen fields; the other leads are hidden (412 when one changed).
export async function mergeLeads(body: MergeLeadsBody): Promise<LeadMerge> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/merge', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

// POST /api/v1/leads/merges/{id}/undo: every lead back as it was.
export async function undoLeadMerge(id: string): Promise<LeadMergeUndone> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/merges/{id}/undo', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

// A merge changes every lead view under ['leads']: the duplicates, the lists, and each lead with its timeline.
function refreshAfterMerge(queryClient: QueryClient): Promise<unknown> {
  return queryClient.invalidateQueries({ queryKey: ['leads'] });
}

export function useUndoLeadMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'merge', 'undo'],
    mutationFn: undoLeadMerge,
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The merge was not undone', message: leadErrorMessage(error) });
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Merge undone', message: 'Both leads are back as they were.' });
      await refreshAfterMerge(queryClient);
    },
  });
}

// Errors stay with the caller (the dialog shows them); success closes with an Undo toast.
export function useMergeLeads() {
  const queryClient = useQueryClient();
  const undo = useUndoLeadMerge();
  return useMutation({
    mutationKey: ['leads', 'merge'],
    mutationFn: mergeLeads,
    onSuccess: async (merge) => {
      showUndoToast({
        title: 'Leads merged',
        message: `${merge.mergedIds.length === 1 ? 'One lead was' : `${merge.mergedIds.length} leads were`} merged into ${merge.survivor.name || merge.survivor.email || merge.survivor.phone || 'the lead'}.`,
        onUndo: () => undo.mutate(merge.id),
      });
      await refreshAfterMerge(queryClient);
    },
  });
}
