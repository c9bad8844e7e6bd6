import { Alert, Button, Skeleton, Stack, Text } from '@mantine/core';
import { useLeadEvents } from '@/features/leads/api/get-lead-events';
import { leadErrorMessage } from '@/features/leads/api/update-lead';
import { LeadEventItem } from './lead-event-item';
import type { NameOf } from './use-people';

// The lead's history, newest first, one keyset page at a time.
export function LeadTimeline({ leadId, nameOf }: { leadId: string; nameOf: NameOf }) {
  const events = useLeadEvents(leadId);

  if (events.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading the timeline">
        <Skeleton h={36} />
        <Skeleton h={36} />
        <Skeleton h={36} />
      </Stack>
    );
  }
  if (events.isError) {
    return (
      <Alert color="red" title="The timeline could not be loaded">
        {leadErrorMessage(events.error)}{' '}
        <Button size="compact-xs" variant="subtle" onClick={() => void events.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }

  const all = events.data.pages.flatMap((page) => page.data);
  return (
    <Stack gap="sm">
      {all.length === 0 ? (
        <Text size="sm">Nothing has happened yet.</Text>
      ) : (
        <Stack component="ol" gap="md" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Timeline">
          {all.map((event) => (
            <LeadEventItem key={event.id} event={event} nameOf={nameOf} />
          ))}
        </Stack>
      )}
      {events.hasNextPage && (
        <Button variant="default" size="xs" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
          Load older events
        </Button>
      )}
    </Stack>
  );
}
