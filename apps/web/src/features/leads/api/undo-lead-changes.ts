import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { BulkLeadChanges } from './bulk-update-leads';
import { isVersionConflict, updateLead, type LeadChanges } from './update-lead';

type LeadDto = Schemas['LeadDto'];

// One inverse request: put these fields back on a lead that is still at `version` (If-Match), so a change
// made by anyone since is never overwritten.
export interface LeadRevert {
  id: string;
  version: number;
  changes: LeadChanges;
}

export interface UndoOutcome {
  undone: number;
  // Changed again since (412): left as they are.
  changedSince: number;
  failed: number;
}

type Before = Pick<LeadDto, 'id' | 'version' | 'status' | 'priority' | 'assigneeId' | 'tags'>;

// The inverse of a bulk change for a lead as it was before it (its version then, plus the one the change made).
export function revertOf(before: Before, set: BulkLeadChanges): LeadRevert | null {
  const changes: LeadChanges = {};
  if (set.status !== undefined && set.status !== before.status) changes.status = before.status;
  if (set.priority !== undefined && set.priority !== before.priority) changes.priority = before.priority;
  if (set.assigneeId !== undefined && set.assigneeId !== before.assigneeId) changes.assigneeId = before.assigneeId;
  const lower = new Set(before.tags.map((tag) => tag.toLowerCase()));
  const tagsMoved =
    (set.addTags ?? []).some((tag) => !lower.has(tag.toLowerCase())) || (set.removeTags ?? []).some((tag) => lower.has(tag.toLowerCase()));
  if (tagsMoved) changes.tags = [...before.tags];
  return Object.keys(changes).length === 0 ? null : { id: before.id, version: before.version + 1, changes };
}

const CONCURRENCY = 4;

async function runAll<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

export async function revertLeads(reverts: readonly LeadRevert[]): Promise<UndoOutcome> {
  const outcome: UndoOutcome = { undone: 0, changedSince: 0, failed: 0 };
  await runAll(reverts, async (revert) => {
    try {
      await updateLead(revert);
      outcome.undone++;
    } catch (error) {
      if (isVersionConflict(error)) outcome.changedSince++;
      else outcome.failed++;
    }
  });
  return outcome;
}

// Out of the trash again, one by one (the leads a bulk delete moved there).
export async function restoreLeads(ids: readonly string[]): Promise<UndoOutcome> {
  const outcome: UndoOutcome = { undone: 0, changedSince: 0, failed: 0 };
  await runAll(ids, async (id) => {
    const { data, error, response } = await send(api.POST('/api/v1/leads/{id}/restore', { params: { path: { id } } }));
    if (data) outcome.undone++;
    else if (toApiError(response, error).status === 409) outcome.changedSince++;
    else outcome.failed++;
  });
  return outcome;
}

const n = (value: number) => value.toLocaleString('en');

export function describeUndo(outcome: UndoOutcome): { color: 'green' | 'orange'; title: string; message: string } {
  const leads = (count: number) => `${n(count)} ${count === 1 ? 'lead' : 'leads'}`;
  const left: string[] = [];
  if (outcome.changedSince > 0) left.push(`${leads(outcome.changedSince)} changed again since and ${outcome.changedSince === 1 ? 'was' : 'were'} left as ${outcome.changedSince === 1 ? 'it is' : 'they are'}`);
  if (outcome.failed > 0) left.push(`${leads(outcome.failed)} could not be changed back`);
  return {
    color: left.length > 0 ? 'orange' : 'green',
    title: outcome.undone > 0 ? `Undone: ${leads(outcome.undone)}` : 'Nothing was undone',
    message: left.length > 0 ? `${left.join('; ')}.` : 'Everything is as it was.',
  };
}

type UndoVariables = { kind: 'revert'; reverts: readonly LeadRevert[] } | { kind: 'restore'; ids: readonly string[] };

// Runs an undo and reports what it could and could not take back.
export function useUndoLeadChanges() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['leads', 'undo'],
    mutationFn: (variables: UndoVariables) => (variables.kind === 'revert' ? revertLeads(variables.reverts) : restoreLeads(variables.ids)),
    onSuccess: (outcome) => notifications.show({ ...describeUndo(outcome), autoClose: 4000 }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['leads'] }),
  });
}
