import type { Schemas } from '@hotleads/api-client';
import { LEAD_STATUS_TRANSITIONS, LEAD_STATUSES, type LeadStatus } from '@hotleads/shared';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, send, toApiError } from '@/lib/api-client';
import {
  cancelLeadQueries,
  LEAD_LISTS_KEY,
  leadInSnapshot,
  leadEventsKey,
  patchLeadInCaches,
  restoreLeadCaches,
  snapshotLeadCaches,
} from './lead-cache';

type LeadDto = Schemas['LeadDto'];
export type LeadChanges = Schemas['UpdateLeadDto'];

export interface UpdateLeadVariables {
  id: string;
  // The version the change was made on (sent as If-Match); without it the change applies to whatever is current.
  version?: number;
  changes: LeadChanges;
}

export const UPDATE_LEAD_MUTATION_KEY = ['leads', 'update'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isStatus = (value: unknown): value is LeadStatus => LEAD_STATUSES.some((status) => status === value);

function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

// 409 invalid_status_transition names the moves the lead allows; the toast repeats them.
function statusTransitionError(apiError: ApiError, body: unknown): ApiError {
  const from = isRecord(body) && isStatus(body.from) ? body.from : undefined;
  const sent = isRecord(body) && Array.isArray(body.allowed) ? body.allowed.filter(isStatus) : undefined;
  const allowed = sent ?? (from ? LEAD_STATUS_TRANSITIONS[from] : []);
  const next = allowed.length > 0 ? ` From ${from ?? 'here'} it can move to ${listOf(allowed)}.` : '';
  return new ApiError(apiError.status, apiError.code, `${apiError.detail}${next}`, apiError.requestId, apiError.fieldErrors);
}

// The If-Match value for a version; `*` (any version) when the caller has none to compare.
export const ifMatchOf = (version: number | undefined) => (version === undefined ? '*' : `"${version}"`);

// PATCH /api/v1/leads/{id}. A stale version answers 412 `precondition_failed`, thrown as an ApiError like any other.
export async function updateLead({ id, version, changes }: UpdateLeadVariables): Promise<LeadDto> {
  const { data, error, response } = await send(
    api.PATCH('/api/v1/leads/{id}', { params: { path: { id }, header: { 'If-Match': ifMatchOf(version) } }, body: changes }),
  );
  if (data) return data;
  const apiError = toApiError(response, error);
  throw apiError.code === 'invalid_status_transition' ? statusTransitionError(apiError, error) : apiError;
}

export const isVersionConflict = (error: unknown): error is ApiError => error instanceof ApiError && error.status === 412;

// What went wrong, in one sentence for a toast: the problem's detail plus the fields a 422 names.
export function leadErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.isNetworkError) return 'The server could not be reached. Check the connection and try again.';
  const fields = error.fieldErrors.map((e) => `${e.field} ${e.message}`).join('; ');
  return fields ? `${error.detail}: ${fields}` : error.detail;
}

// Versions this tab moved a lead through itself (from → to). A change queued behind our own earlier write
// was made on top of it, so it may go out with the newer version instead of failing as a conflict.
const ownWrites = new WeakMap<QueryClient, Map<string, Map<number, number>>>();

// `from`: the version the write was made on; a write that changed nothing keeps the version and is not recorded.
export function recordOwnLeadWrite(queryClient: QueryClient, from: number | undefined, lead: LeadDto): void {
  // Each write is one UPDATE, which the database counts as exactly one version.
  if (from === undefined || lead.version !== from + 1) return;
  let byLead = ownWrites.get(queryClient);
  if (!byLead) ownWrites.set(queryClient, (byLead = new Map()));
  let versions = byLead.get(lead.id);
  if (!versions) byLead.set(lead.id, (versions = new Map()));
  versions.set(from, lead.version);
}

function latestOwnVersion(queryClient: QueryClient, id: string, version: number): number {
  const versions = ownWrites.get(queryClient)?.get(id);
  let current = version;
  for (let next = versions?.get(current); next !== undefined && next > current; next = versions?.get(current)) current = next;
  return current;
}

// Writes the server's lead into the caches and puts back the changes of edits still on their way.
export function applyServerLead(queryClient: QueryClient, lead: LeadDto, except?: unknown): void {
  patchLeadInCaches(queryClient, lead.id, lead);
  const pending = queryClient.getMutationCache().findAll({ mutationKey: UPDATE_LEAD_MUTATION_KEY, status: 'pending' });
  for (const mutation of pending) {
    const variables = mutation.state.variables as UpdateLeadVariables | undefined;
    if (variables && variables !== except && variables.id === lead.id) patchLeadInCaches(queryClient, lead.id, variables.changes as Partial<LeadDto>);
  }
}

export interface LeadConflict {
  id: string;
  // What the user tried to change, and the lead as they saw it when they did.
  changes: LeadChanges;
  base: LeadDto | undefined;
}

interface UseUpdateLeadOptions {
  // Called on 412 instead of the toast: the caller shows what changed and offers to reapply.
  onConflict?: (conflict: LeadConflict) => void;
}

// Optimistic: the caches show the change at once and go back to what they held if the API refuses it.
// Edits run one after the other (scope), so a quick second edit goes out after the first one's answer.
export function useUpdateLead({ onConflict }: UseUpdateLeadOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: UPDATE_LEAD_MUTATION_KEY,
    scope: { id: 'leads:update' },
    mutationFn: async (variables: UpdateLeadVariables) => {
      const version = variables.version === undefined ? undefined : latestOwnVersion(queryClient, variables.id, variables.version);
      const lead = await updateLead({ ...variables, version });
      recordOwnLeadWrite(queryClient, version, lead);
      return lead;
    },
    onMutate: async ({ id, changes }) => {
      await cancelLeadQueries(queryClient, id);
      const snapshot = snapshotLeadCaches(queryClient, id);
      patchLeadInCaches(queryClient, id, changes as Partial<LeadDto>);
      return snapshot;
    },
    onError: (error, variables, snapshot) => {
      if (snapshot) {
        restoreLeadCaches(snapshot);
        // Edits queued after this one are still on their way: keep showing them.
        const pending = queryClient.getMutationCache().findAll({ mutationKey: UPDATE_LEAD_MUTATION_KEY, status: 'pending' });
        for (const mutation of pending) {
          const other = mutation.state.variables as UpdateLeadVariables | undefined;
          if (other && other !== variables && other.id === variables.id) patchLeadInCaches(queryClient, other.id, other.changes as Partial<LeadDto>);
        }
      }
      if (isVersionConflict(error) && onConflict) {
        onConflict({ id: variables.id, changes: variables.changes, base: snapshot ? leadInSnapshot(snapshot, variables.id) : undefined });
        return;
      }
      notifications.show({
        color: 'red',
        title: isVersionConflict(error) ? 'Someone else changed this lead' : 'The change was not saved',
        message: isVersionConflict(error) ? 'Your change was undone. Reload the lead and apply it again.' : leadErrorMessage(error),
      });
      if (isVersionConflict(error)) void queryClient.invalidateQueries({ queryKey: ['leads', 'detail', variables.id] });
    },
    onSuccess: (lead, variables) => {
      applyServerLead(queryClient, lead, variables);
      void queryClient.invalidateQueries({ queryKey: leadEventsKey(lead.id) });
      // The lead may have left a filtered list: lists refetch when next shown, not under the user's eyes.
      void queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY, refetchType: 'none' });
    },
  });
}
