import { Alert, Badge, Button, Card, Group, Modal, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { notify } from '@/lib/notify';
import { useDeleteWebhookEndpoint, useRotateWebhookSecret, useSendTestWebhook, useUpdateWebhookEndpoint, type WebhookEndpoint } from '../api/webhook-endpoints';
import { EVENT_LABEL, formatTime } from '../utils/labels';
import { DeliveriesTable } from './deliveries-table';
import { EndpointFormModal } from './endpoint-form-modal';
import { SecretOnce } from './secret-once';

// One endpoint: where it points, what it receives, whether it is on, its actions and its deliveries.
export function EndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const update = useUpdateWebhookEndpoint(endpoint.id);
  const test = useSendTestWebhook(endpoint.id);
  const rotate = useRotateWebhookSecret(endpoint.id);
  const remove = useDeleteWebhookEndpoint(endpoint.id);
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const titleId = `endpoint-${endpoint.id}`;

  const sendTest = () =>
    test.mutate(undefined, {
      onSuccess: (d) =>
        d.state === 'succeeded'
          ? notify('green', 'Test delivered', `The endpoint answered ${d.lastStatusCode} in ${d.lastDurationMs} ms.`)
          : notify('red', 'Test failed', d.lastError ?? `The endpoint answered ${d.lastStatusCode}.`),
      onError: (error) => notify('red', 'Could not send the test', error.message),
    });

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={titleId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h4" id={titleId} style={{ wordBreak: 'break-all' }}>
              {endpoint.url}
            </Title>
            {endpoint.description && <Text c="dimmed">{endpoint.description}</Text>}
            <Group gap={6} mt={6}>
              {endpoint.events.map((e) => (
                <Badge key={e} variant="outline" color="gray" title={EVENT_LABEL[e]}>
                  {e}
                </Badge>
              ))}
            </Group>
            <Text size="xs" c="dimmed" mt={6}>
              Secret {endpoint.secretHint}
              {endpoint.previousSecretExpiresAt && ` · previous secret still signs until ${formatTime(endpoint.previousSecretExpiresAt)}`}
            </Text>
          </div>
          <Switch
            label="Enabled"
            checked={endpoint.enabled}
            disabled={update.isPending}
            onChange={(e) =>
              update.mutate({ enabled: e.currentTarget.checked }, { onError: (error) => notify('red', 'Could not change the endpoint', error.message) })
            }
          />
        </Group>
        {!endpoint.enabled && endpoint.disabledReason && (
          <Alert color="red" title="Turned off automatically">
            {endpoint.disabledReason}
            {endpoint.disabledAt && ` (${formatTime(endpoint.disabledAt)})`}. Fix the receiver, then enable the endpoint again.
          </Alert>
        )}
        {endpoint.enabled && endpoint.failingSince && (
          <Alert color="yellow" title="Deliveries are failing">
            Every delivery since {formatTime(endpoint.failingSince)} failed. After 5 days of failures the endpoint is turned off.
          </Alert>
        )}
        <Group gap="sm">
          <Button onClick={sendTest} loading={test.isPending}>
            Send test
          </Button>
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
          <Button variant="default" onClick={() => setRotating(true)}>
            Rotate secret
          </Button>
          <Button variant="subtle" color="red.9" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        </Group>
        <Title order={3} size="h5">
          Deliveries
        </Title>
        <DeliveriesTable endpointId={endpoint.id} enabled={endpoint.enabled} />
      </Stack>
      <EndpointFormModal opened={editing} onClose={() => setEditing(false)} endpoint={endpoint} />
      <Modal
        opened={rotating}
        onClose={() => {
          rotate.reset();
          setRotating(false);
        }}
        title={rotate.data ? 'Copy your new signing secret' : 'Rotate the signing secret?'}
        size="lg"
      >
        {rotate.data ? (
          <Stack gap="lg">
            <SecretOnce secret={rotate.data.secret} rotated />
            <Group justify="flex-end">
              <Button
                onClick={() => {
                  rotate.reset();
                  setRotating(false);
                }}
              >
                I have stored the secret
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="md">
            <Text size="sm">A new secret is made and shown once. For 24 hours each delivery carries a signature with the old secret too, so the receiver can switch without losing any.</Text>
            {rotate.error && (
              <Alert color="red" role="alert" title="That did not work">
                {rotate.error.message}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setRotating(false)} data-autofocus>
                Cancel
              </Button>
              <Button loading={rotate.isPending} onClick={() => rotate.mutate()}>
                Rotate secret
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <ConfirmDialog
        opened={deleting}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        busy={remove.isPending}
        error={remove.error?.message}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => notify('green', 'Endpoint deleted', 'No more deliveries go to it.') })}
      >
        <Text size="sm">Its deliveries and their log are deleted with it. {endpoint.url} receives nothing more.</Text>
      </ConfirmDialog>
    </Card>
  );
}
