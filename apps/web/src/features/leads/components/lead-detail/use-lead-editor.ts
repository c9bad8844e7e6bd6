import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { leadQueryOptions } from '@/features/leads/api/get-lead';
import { patchLeadInCaches } from '@/features/leads/api/lead-cache';
import { leadErrorMessage, useUpdateLead, type LeadChanges, type LeadConflict } from '@/features/leads/api/update-lead';
import type { LeadConflictState } from './lead-conflict-dialog';

type LeadDto = Schemas['LeadDto'];

// Saves field edits of one lead optimistically; a 412 loads the current lead and opens the conflict dialog.
export function useLeadEditor(lead: LeadDto | undefined) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<LeadConflictState | null>(null);

  const onConflict = useCallback(
    async ({ id, changes, base }: LeadConflict) => {
      try {
        const current = await queryClient.fetchQuery({ ...leadQueryOptions(id), staleTime: 0 });
        patchLeadInCaches(queryClient, id, current);
        // Edits queued behind the refused one fail the same way: gather them into one dialog.
        setConflict((open) =>
          open && open.current.id === id ? { base: open.base, current, changes: { ...open.changes, ...changes } } : { base, current, changes },
        );
      } catch (error) {
        notifications.show({ color: 'red', title: 'The lead could not be reloaded', message: leadErrorMessage(error) });
      }
    },
    [queryClient],
  );

  const { mutate, isPending } = useUpdateLead({ onConflict: (c) => void onConflict(c) });
  const id = lead?.id;
  const version = lead?.version;

  const save = useCallback(
    (changes: LeadChanges) => {
      if (id !== undefined) mutate({ id, version, changes });
    },
    [id, version, mutate],
  );

  const reapply = useCallback(() => {
    if (!conflict) return;
    const { current, changes } = conflict;
    mutate({ id: current.id, version: current.version, changes }, { onSuccess: () => setConflict(null) });
  }, [conflict, mutate]);

  const discard = useCallback(() => setConflict(null), []);

  return { save, conflict, reapply, discard, reapplying: isPending && conflict !== null };
}
