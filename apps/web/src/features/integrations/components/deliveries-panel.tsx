import { Anchor, Button, Card, Group, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { useLiveEvents, usePollingFallback } from '@/hooks/use-live-updates';
import { connectionKey } from '../api/connections';
import { deliveriesKey, useDeliveries, type Delivery, type DeliveryState } from '../api/deliveries';
import { formatTime } from '../utils/format';
import { DELIVERY_STATE, DELIVERY_STATES } from '../utils/labels';
import { DeliveryStateBadge } from './connection-status-badge';
import { DeliveryDrawer } from './delivery-drawer';

const STATE_OPTIONS = [{ value: 'all', label: 'All states' }, ...DELIVERY_STATES.map((state) => ({ value: state, label: DELIVERY_STATE[state].label }))];

// New deliveries and state changes arrive as `delivery.changed` on the live stream (no ids: any change of
// the workspace refetches this connection's loaded pages); while the stream is down the list polls.
function useLiveDeliveries(connectionId: string) {
  const queryClient = useQueryClient();
  useLiveEvents((event) => {
    if (event.type !== 'delivery.changed' && event.type !== 'resync') return;
    void queryClient.invalidateQueries({ queryKey: deliveriesKey(connectionId) });
    void queryClient.invalidateQueries({ queryKey: connectionKey(connectionId) });
  });
}

// The connection's ledger, newest first, filtered by state, a page of 50 at a time; a row opens the drawer.
export function DeliveriesPanel({ connectionId }: { connectionId: string }) {
  const [search, setSearch] = useSearchParams();
  const requested = search.get('state');
  const state = DELIVERY_STATES.includes(requested as DeliveryState) ? (requested as DeliveryState) : null;
  const open = search.get('delivery');
  const setParam = (name: string, value: string | null) =>
    setSearch(
      (current) => {
        const params = new URLSearchParams(current);
        if (value) params.set(name, value);
        else params.delete(name);
        return params;
      },
      { replace: name === 'state' },
    );
  useLiveDeliveries(connectionId);
  const deliveries = useDeliveries(connectionId, state, usePollingFallback());
  const rows = deliveries.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="deliveries-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" gap="sm">
          <div>
            <Title order={2} size="h4" id="deliveries-title">
              Deliveries
            </Title>
            <Text size="sm" c="dimmed">
              Every request to the webhook URL, as received. New ones appear here as they arrive.
            </Text>
          </div>
          <Select
            label="State"
            data={STATE_OPTIONS}
            value={state ?? 'all'}
            onChange={(value) => setParam('state', value && value !== 'all' ? value : null)}
            allowDeselect={false}
            w={180}
          />
        </Group>
        {deliveries.isPending ? (
          <Stack gap={6}>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={36} />
            ))}
          </Stack>
        ) : deliveries.isError ? (
          <QueryError what="the deliveries" error={deliveries.error} retrying={deliveries.isFetching} onRetry={() => void deliveries.refetch()} />
        ) : rows.length === 0 ? (
          <Text c="dimmed" py="md" ta="center">
            {state ? `No ${DELIVERY_STATE[state].label.toLowerCase()} deliveries.` : 'No deliveries yet. They appear here as soon as the sender posts one.'}
          </Text>
        ) : (
          <DeliveriesTable rows={rows} onOpen={(id) => setParam('delivery', id)} />
        )}
        {deliveries.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
              Load more
            </Button>
          </Group>
        )}
      </Stack>
      <DeliveryDrawer connectionId={connectionId} deliveryId={open} onClose={() => setParam('delivery', null)} />
    </Card>
  );
}

function DeliveriesTable({ rows, onOpen }: { rows: readonly Delivery[]; onOpen: (id: string) => void }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" highlightOnHover aria-label="Deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Received</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Lead</Table.Th>
            <Table.Th ta="right">Attempts</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((delivery) => (
            <Table.Tr key={delivery.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component="button" type="button" size="sm" onClick={() => onOpen(delivery.id)} title="Show the delivery">
                  {formatTime(delivery.receivedAt)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <DeliveryStateBadge state={delivery.state} />
              </Table.Td>
              <Table.Td ff="monospace" fz="sm">
                {delivery.action ?? '—'}
              </Table.Td>
              <Table.Td>
                {delivery.leadId ? (
                  <Anchor component={Link} to={paths.lead.getHref(delivery.leadId)} size="sm">
                    Open lead
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td ta="right">{delivery.attempts}</Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" lineClamp={2} title={delivery.lastError ?? undefined}>
                  {delivery.lastError ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
