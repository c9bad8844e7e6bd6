import { Alert, Anchor, Button, Code, Drawer, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { notify } from '@/lib/notify';
import { useDelivery, useReplayDelivery, type DeliveryDetail } from '../api/deliveries';
import { formatBody, formatTime } from '../utils/format';
import { replayable } from '../utils/labels';
import { DeliveryStateBadge } from './connection-status-badge';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={130} fw={500}>
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-word' }}>{children ?? <Text size="sm" c="dimmed">(none)</Text>}</Table.Td>
    </Table.Tr>
  );
}

interface DeliveryDrawerProps {
  connectionId: string;
  deliveryId: string | null;
  onClose: () => void;
}

// One delivery in full (headers, body, what processing did) and Replay, which runs the processing again.
export function DeliveryDrawer({ connectionId, deliveryId, onClose }: DeliveryDrawerProps) {
  const delivery = useDelivery(connectionId, deliveryId);
  return (
    <Drawer opened={deliveryId !== null} onClose={onClose} position="right" size="lg" title="Delivery">
      {delivery.isPending ? (
        <Stack gap="sm">
          <Skeleton h={28} w="50%" />
          <Skeleton h={240} />
        </Stack>
      ) : delivery.isError ? (
        <QueryError what="the delivery" error={delivery.error} retrying={delivery.isFetching} onRetry={() => void delivery.refetch()} />
      ) : (
        <DeliveryDetails connectionId={connectionId} delivery={delivery.data} />
      )}
    </Drawer>
  );
}

function DeliveryDetails({ connectionId, delivery }: { connectionId: string; delivery: DeliveryDetail }) {
  const replay = useReplayDelivery(connectionId);
  const body = formatBody(delivery.body, delivery.headers['content-type']);
  return (
    <Stack gap="lg">
      <Group gap="sm" justify="space-between">
        <Group gap="sm">
          <DeliveryStateBadge state={delivery.state} />
          {delivery.action && (
            <Text fw={600} ff="monospace">
              {delivery.action}
            </Text>
          )}
        </Group>
        {replayable(delivery.state) && (
          <Button
            leftSection={<IconRefresh size={16} aria-hidden />}
            loading={replay.isPending}
            onClick={() =>
              replay.mutate(delivery.id, {
                onSuccess: () => notify('green', 'Replay queued', 'The delivery is processed again; its state updates here.'),
                onError: (error) => notify('red', 'Replay refused', error.message),
              })
            }
          >
            Replay
          </Button>
        )}
      </Group>
      {delivery.lastError && (
        <Alert color={delivery.state === 'processed' ? 'gray' : 'red'} title="Last error">
          {delivery.lastError}
        </Alert>
      )}
      <Table withTableBorder verticalSpacing={6} aria-label="Delivery details">
        <Table.Tbody>
          <Field label="Received">
            <Text size="sm" component="time" dateTime={delivery.receivedAt}>
              {formatTime(delivery.receivedAt)}
            </Text>
          </Field>
          <Field label="Signature">{delivery.signature}</Field>
          <Field label="Attempts">{String(delivery.attempts)}</Field>
          <Field label="Processed">{delivery.processedAt ? formatTime(delivery.processedAt) : null}</Field>
          <Field label="Lead">
            {delivery.leadId ? (
              <Anchor component={Link} to={paths.lead.getHref(delivery.leadId)} size="sm">
                Open the lead
              </Anchor>
            ) : null}
          </Field>
          <Field label="Source IP">{delivery.sourceIp}</Field>
          <Field label="Delivery ID">
            <Text size="sm" ff="monospace">
              {delivery.id}
            </Text>
          </Field>
        </Table.Tbody>
      </Table>

      <Stack gap="xs">
        <Title order={3} size="h5">
          Headers
        </Title>
        <Table withTableBorder verticalSpacing={4} aria-label="Headers">
          <Table.Tbody>
            {Object.entries(delivery.headers).map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Th scope="row" fw={500} ff="monospace" fz="sm">
                  {name}
                </Table.Th>
                <Table.Td ff="monospace" fz="sm" style={{ wordBreak: 'break-all' }}>
                  {value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h5">
          Body ({delivery.bodySize.toLocaleString()} bytes)
        </Title>
        {delivery.bodyPurgedAt ? (
          <Text size="sm" c="dimmed">
            Deleted on {formatTime(delivery.bodyPurgedAt)}, after the retention period.
          </Text>
        ) : (
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-label="Body">
            {body}
          </Code>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h5">
          Processing result
        </Title>
        {delivery.result ? (
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {JSON.stringify(delivery.result, null, 2)}
          </Code>
        ) : (
          <Text size="sm" c="dimmed">
            Not processed yet.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
