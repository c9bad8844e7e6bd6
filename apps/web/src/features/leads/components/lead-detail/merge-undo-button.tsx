import { LEAD_MERGE_UNDO_DAYS } from '@hotleads/shared';
import { Button } from '@mantine/core';
import { useState } from 'react';
import { useUndoLeadMerge } from '@/features/leads/api/merge-leads';
import { useCan } from '@/lib/authorization';

const DAY_MS = 24 * 60 * 60_000;

// On a "merged from" timeline entry while the merge can still be undone (the API says whether it already was).
export function MergeUndoButton({ mergeId, mergedAt }: { mergeId: string; mergedAt: string }) {
  const canUndo = useCan('leads:delete');
  const undo = useUndoLeadMerge();
  // The time the entry was first shown: the offer does not vanish while it is on screen.
  const [shownAt] = useState(() => Date.now());
  if (!canUndo || shownAt - new Date(mergedAt).getTime() > LEAD_MERGE_UNDO_DAYS * DAY_MS) return null;
  return (
    <Button size="compact-xs" variant="default" mt={4} loading={undo.isPending} onClick={() => undo.mutate(mergeId)}>
      Undo merge
    </Button>
  );
}
