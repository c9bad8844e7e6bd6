import { Badge, Button, Code, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { QueryError } from '@/components/ui/query-error';
import { notify } from '@/lib/notify';
import { useEndpointDeliveries, useRetryWebhookDelivery } from '../api/webhook-endpoints';
import { DELIVERY_STATE, formatTime } from '../utils/labels';

// An endpoint's deliveries, newest first: what was sent, how often, what came back and when the next try is.
export function DeliveriesTable({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const deliveries = useEndpointDeliveries(endpointId);
  const retry = useRetryWebhookDelivery(endpointId);
  const rows = deliveries.data?.pages.flatMap((page) => page.data) ?? [];
  if (deliveries.isPending) return <Skeleton h={80} />;
  if (deliveries.isError) return <QueryError what="the deliveries" error={deliveries.error} retrying={deliveries.isFetching} onRetry={() => void deliveries.refetch()} />;
  if (rows.length === 0) return <Text c="dimmed">No deliveries yet. Send a test, or change a lead.</Text>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={800}>
        <Table striped aria-label="Deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Status code</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Response</Table.Th>
              <Table.Th>Next attempt</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Code>{d.event}</Code>
                  <Text size="xs" c="dimmed">
                    {formatTime(d.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={DELIVERY_STATE[d.state].color} variant="light">
                    {DELIVERY_STATE[d.state].label}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>{d.lastStatusCode ?? '—'}</Table.Td>
                <Table.Td>{d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`}</Table.Td>
                <Table.Td maw={260}>
                  <Text size="sm" lineClamp={2} title={d.lastError ?? d.lastResponseExcerpt ?? undefined}>
                    {d.lastError ?? d.lastResponseExcerpt ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>{d.nextAttemptAt ? formatTime(d.nextAttemptAt) : '—'}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    disabled={!enabled || (retry.isPending && retry.variables === d.id)}
                    aria-label={`Retry the ${d.event} delivery`}
                    onClick={() =>
                      retry.mutate(d.id, {
                        onSuccess: () => notify('green', 'Retry queued', 'The delivery is sent again now.'),
                        onError: (error) => notify('red', 'Could not retry', error.message),
                      })
                    }
                  >
                    Retry
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {deliveries.hasNextPage && (
        <Button variant="subtle" onClick={() => void deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage}>
          Show older deliveries
        </Button>
      )}
    </Stack>
  );
}
