import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { useSignedIn } from '@/lib/authorization';
import type { LeadEventDto, LeadEventsData } from './get-lead-events';
import { leadEventsKey } from './lead-cache';
import { leadErrorMessage } from './update-lead';

// POST /api/v1/leads/{id}/notes: a dated note on the timeline.
export async function addLeadNote({ id, body }: { id: string; body: string }): Promise<LeadEventDto> {
  const { data, error, response } = await send(api.POST('/api/v1/leads/{id}/notes', { params: { path: { id } }, body: { body } }));
  if (!data) throw toApiError(response, error);
  return data;
}

// Optimistic timeline entries carry a temporary id until the server's event replaces them.
export const PENDING_EVENT_PREFIX = 'pending-';
export const isPendingEvent = (event: LeadEventDto) => event.id.startsWith(PENDING_EVENT_PREFIX);

export function pendingEvent(leadId: string, actorId: string, type: string, data: Record<string, unknown>): LeadEventDto {
  return {
    id: `${PENDING_EVENT_PREFIX}${crypto.randomUUID()}`,
    leadId,
    type,
    actorType: 'user',
    actorId,
    data,
    createdAt: new Date().toISOString(),
  };
}

// Puts an event at the top of the timeline's first page (the newest).
export function prependEvent(queryClient: QueryClient, leadId: string, event: LeadEventDto): void {
  queryClient.setQueryData<LeadEventsData>(leadEventsKey(leadId), (data) => {
    if (!data || data.pages.length === 0) return data;
    const [first, ...rest] = data.pages;
    return { ...data, pages: [{ ...first, data: [event, ...first.data] }, ...rest] };
  });
}

export function replaceEvent(queryClient: QueryClient, leadId: string, id: string, event: LeadEventDto | null): void {
  queryClient.setQueryData<LeadEventsData>(leadEventsKey(leadId), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            data: page.data.flatMap((e) => (e.id === id ? (event ? [event] : []) : [e])),
          })),
        }
      : data,
  );
}

export function useAddLeadNote() {
  const queryClient = useQueryClient();
  const { user } = useSignedIn();
  return useMutation({
    mutationKey: ['leads', 'add-note'],
    mutationFn: addLeadNote,
    onMutate: async ({ id, body }) => {
      await queryClient.cancelQueries({ queryKey: leadEventsKey(id) });
      const event = pendingEvent(id, user.id, 'note', { body });
      prependEvent(queryClient, id, event);
      return { pendingId: event.id };
    },
    onError: (error, { id }, context) => {
      if (context) replaceEvent(queryClient, id, context.pendingId, null);
      notifications.show({ color: 'red', title: 'The note was not added', message: leadErrorMessage(error) });
    },
    onSuccess: (event, { id }, context) => {
      replaceEvent(queryClient, id, context.pendingId, event);
    },
  });
}
