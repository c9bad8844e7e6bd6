import type { Schemas } from '@hotleads/api-client';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { useSignedIn } from '@/lib/authorization';
import { pendingEvent, prependEvent, replaceEvent } from './add-lead-note';
import type { LeadEventDto } from './get-lead-events';
import { cancelLeadQueries, LEAD_LISTS_KEY, leadDetailKey, leadEventsKey, leadInSnapshot, patchLeadInCaches, restoreLeadCaches, snapshotLeadCaches } from './lead-cache';
import { MY_DAY_KEY } from './get-my-day';
import { leadErrorMessage } from './update-lead';

export type LeadActivity = Schemas['LogLeadActivityDto'];
export type ActivityChannel = LeadActivity['channel'];

// POST /api/v1/leads/{id}/activities: a contact attempt; the first one is the lead's first contact.
export async function logLeadActivity({ id, activity }: { id: string; activity: LeadActivity }): Promise<LeadEventDto> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/{id}/activities', { params: { path: { id } }, body: activity }));
  if (!data) throw toApiError(response, error);
  return data;
}

// Optimistic: the activity is on the timeline and the lead counts as contacted at once. The lead itself is
// fetched again before the mutation settles: the API moved its version, which the next edit must send.
export function useLogLeadActivity() {
  const queryClient = useQueryClient();
  const { user } = useSignedIn();
  return useMutation({
    mutationKey: ['leads', 'log-activity'],
    scope: { id: 'leads:update' },
    mutationFn: logLeadActivity,
    onMutate: async ({ id, activity }) => {
      await Promise.all([cancelLeadQueries(queryClient, id), queryClient.cancelQueries({ queryKey: leadEventsKey(id) })]);
      const snapshot = snapshotLeadCaches(queryClient, id);
      const now = new Date().toISOString();
      const lead = leadInSnapshot(snapshot, id);
      patchLeadInCaches(queryClient, id, {
        lastContactedAt: now,
        firstContactedAt: lead?.firstContactedAt ?? now,
        slaBreached: false,
        ...(activity.nextFollowUpAt !== undefined ? { followUpAt: activity.nextFollowUpAt } : {}),
      });
      const event = pendingEvent(id, user.id, 'activity', { channel: activity.channel, outcome: activity.outcome ?? null, note: activity.note ?? null });
      prependEvent(queryClient, id, event);
      return { snapshot, pendingId: event.id };
    },
    onError: (error, { id }, context) => {
      if (context) {
        restoreLeadCaches(context.snapshot);
        replaceEvent(queryClient, id, context.pendingId, null);
      }
      notifications.show({ color: 'red', title: 'The activity was not logged', message: leadErrorMessage(error) });
    },
    onSuccess: async (event, { id }, context) => {
      replaceEvent(queryClient, id, context.pendingId, event);
      void queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: MY_DAY_KEY });
      await queryClient.invalidateQueries({ queryKey: leadDetailKey(id) });
    },
  });
}
