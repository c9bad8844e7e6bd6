import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, send, toApiError } from '@/lib/api-client';
import { useSignedIn } from '@/lib/authorization';
import { cancelLeadQueries, LEAD_LISTS_KEY, leadEventsKey, leadInSnapshot, patchLeadInCaches, restoreLeadCaches, snapshotLeadCaches } from './lead-cache';
import { applyServerLead, leadErrorMessage, recordOwnLeadWrite } from './update-lead';

type LeadDto = Schemas['LeadDto'];

// POST /api/v1/leads/{id}/claim: the caller takes the lead if nobody holds it (409 `lead_claimed` otherwise).
export async function claimLead({ id }: { id: string }): Promise<LeadDto> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/{id}/claim', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

// 409 lead_claimed names who holds the lead and since when.
export const claimedTitle = (problem: Record<string, unknown>) => `Already claimed by ${text(problem.assigneeName) ?? 'someone else'}`;

export function claimedMessage(problem: Record<string, unknown>): string {
  const since = text(problem.claimedAt);
  if (!since || Number.isNaN(Date.parse(since))) return 'Another person took this lead a moment ago.';
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZoneName: 'short' }).format(new Date(since));
  return `${text(problem.assigneeName) ?? 'They'} claimed it on ${when}.`;
}

// Optimistic: the lead shows as mine (and an unread one as processing, as the API does) until the answer.
export function useClaimLead() {
  const queryClient = useQueryClient();
  const { user } = useSignedIn();
  return useMutation({
    mutationKey: ['leads', 'claim'],
    scope: { id: 'leads:update' },
    mutationFn: claimLead,
    onMutate: async ({ id }) => {
      await cancelLeadQueries(queryClient, id);
      const snapshot = snapshotLeadCaches(queryClient, id);
      const lead = leadInSnapshot(snapshot, id);
      patchLeadInCaches(queryClient, id, { assigneeId: user.id, ...(lead?.status === 'unread' ? { status: 'processing' } : {}) });
      return { snapshot, version: lead?.version };
    },
    onError: (error, variables, context) => {
      if (context) restoreLeadCaches(context.snapshot);
      const claimed = error instanceof ApiError && error.code === 'lead_claimed';
      notifications.show({
        color: 'red',
        title: claimed ? claimedTitle(error.extensions) : 'The lead was not claimed',
        message: claimed ? claimedMessage(error.extensions) : leadErrorMessage(error),
      });
      if (claimed) void queryClient.invalidateQueries({ queryKey: ['leads', 'detail', variables.id] });
    },
    onSuccess: (lead, _variables, context) => {
      recordOwnLeadWrite(queryClient, context.version, lead);
      applyServerLead(queryClient, lead);
      void queryClient.invalidateQueries({ queryKey: leadEventsKey(lead.id) });
      void queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY, refetchType: 'none' });
    },
  });
}
