import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconKey, IconPencil, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useDisclosure } from '@mantine/hooks';
import { notify } from '@/lib/notify';
import { useSetConnectionEnabled, type Connection } from '../api/connections';
import { formatTime } from '../utils/format';
import { pullSpec } from '../utils/pull-providers';
import { isPullProvider, providerName } from '../utils/providers';
import { AcuitySetupSteps } from './acuity-setup-steps';
import { ConnectionStatusBadge } from './connection-status-badge';
import { CopyField } from './copy-field';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { EditConnectionModal } from './edit-connection-modal';
import { ReplaceCredentialsModal } from './replace-credentials-modal';
import { RotateSecretModal } from './rotate-secret-modal';
import { TestConnection } from './test-connection';

// The connection's name, state and what needs doing about it, with every action on it.
export function ConnectionOverview({ connection }: { connection: Connection }) {
  const [editing, edit] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  const [rotating, rotate] = useDisclosure(false);
  const setEnabled = useSetConnectionEnabled(connection.id);
  const disabled = connection.status === 'disabled';
  const [replacing, replace] = useDisclosure(false);
  const acuity = connection.provider === 'acuity';
  const pull = isPullProvider(connection.provider);
  const spec = pullSpec(connection.provider);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6} miw={0}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {connection.name}
          </Title>
          <Group gap="sm">
            <Text c="dimmed">{providerName(connection.provider)}</Text>
            <ConnectionStatusBadge status={connection.status} />
          </Group>
        </Stack>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
            Edit
          </Button>
          <Button
            variant="default"
            leftSection={disabled ? <IconPlayerPlay size={16} aria-hidden /> : <IconPlayerPause size={16} aria-hidden />}
            loading={setEnabled.isPending}
            onClick={() =>
              setEnabled.mutate(disabled, {
                onSuccess: (updated) =>
                  notify(
                    'green',
                    updated.status === 'disabled' ? 'Connection disabled' : 'Connection enabled',
                    pull
                      ? updated.status === 'disabled'
                        ? 'It is not synced until you enable it.'
                        : 'Its schedule runs again.'
                      : updated.status === 'disabled'
                        ? 'Its webhook URL answers 404 until you enable it.'
                        : 'Its webhook URL accepts deliveries again.',
                  ),
                onError: (error) => notify('red', 'That did not work', error.message),
              })
            }
          >
            {disabled ? 'Enable' : 'Disable'}
          </Button>
          {!acuity && !pull && (
            <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={rotate.open}>
              Rotate secret
            </Button>
          )}
          <Button variant="default" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={del.open}>
            Delete
          </Button>
        </Group>
      </Group>

      {connection.status === 'needs_attention' && (
        <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="This connection needs attention">
          <Text size="sm">{connection.lastError ?? 'The provider refused the last call.'}</Text>
          {connection.lastErrorAt && (
            <Text size="xs" mt={4}>
              Since {formatTime(connection.lastErrorAt)}. {acuity && 'Check the credentials (Edit), then test again: saving new ones queues the failed deliveries.'}
              {pull && 'Replace the credentials below, then test them: the schedule goes on once they work.'}
            </Text>
          )}
        </Alert>
      )}
      {disabled && (
        <Alert color="gray" title="Disabled">
          {pull ? 'It is not synced, on schedule or on demand. Enable it to sync again.' : 'Its webhook URL answers 404, as if it did not exist. Enable it to receive deliveries again.'}
        </Alert>
      )}
      {connection.status === 'active' && connection.lastError && !pull && (
        <Text size="sm" c="dimmed">
          Last error{connection.lastErrorAt ? ` (${formatTime(connection.lastErrorAt)})` : ''}: {connection.lastError}
        </Text>
      )}

      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="setup-title">
        <Stack gap="md">
          <Title order={2} size="h4" id="setup-title">
            Setup
          </Title>
          {spec ? (
            <>
              <Text size="sm">
                {spec.fields.map((field, i) => (
                  <span key={field.key}>
                    {i > 0 && ' · '}
                    {field.label} <strong>{connection.credentials[field.key] || 'not set'}</strong>
                  </span>
                ))}
              </Text>
              <Group gap="sm" align="flex-start">
                <TestConnection connectionId={connection.id} providerLabel={providerName(connection.provider)} />
                <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={replace.open}>
                  Replace credentials
                </Button>
              </Group>
              {(connection.provider as string) === 'zoom' && (
                <>
                  <CopyField label="Webhook URL" value={connection.webhookUrl} copyLabel="Copy the webhook URL" />
                  <Text size="sm">
                    Optional: in your Zoom app, under Feature → Event Subscriptions, add <strong>meeting.registration_created</strong> with this URL and save
                    the app’s Secret Token here as the webhook secret token. Registrations then arrive at once; the schedule still catches any a webhook missed.
                  </Text>
                </>
              )}
            </>
          ) : (connection.provider as string) === 'twilio' ? (
            <>
              <Text size="sm">
                Account SID <strong>{connection.credentials.accountSid ?? 'not set'}</strong> · Auth token <strong>{connection.credentials.authToken ?? connection.credentials.apiKeySecret ?? 'not set'}</strong> · From{' '}
                <strong>{typeof connection.config.fromNumber === 'string' ? connection.config.fromNumber : 'not set'}</strong>
              </Text>
              <TestConnection connectionId={connection.id} providerLabel="Twilio" />
              <Text size="sm">Text messages go to the numbers users verify under Profile, Notifications, for the kinds they turn on there.</Text>
            </>
          ) : acuity ? (
            <>
              <Text size="sm">
                User ID <strong>{connection.credentials.userId ?? 'not set'}</strong> · API key <strong>{connection.credentials.apiKey ?? 'not set'}</strong>
              </Text>
              <TestConnection connectionId={connection.id} />
              <AcuitySetupSteps webhookUrl={connection.webhookUrl} />
            </>
          ) : (
            <>
              <CopyField label="Webhook URL" value={connection.webhookUrl} copyLabel="Copy the webhook URL" />
              <Text size="sm">
                Requests are signed the Standard Webhooks way with the secret shown when the source was created. Lost it? Rotate it: the old one keeps
                working for 24 hours.
              </Text>
            </>
          )}
          {connection.rejectedUnrecorded > 0 && (
            <Text size="sm" c="orange">
              {connection.rejectedUnrecorded.toLocaleString()} badly signed requests were counted without being stored (too many in an hour).
            </Text>
          )}
        </Stack>
      </Card>

      <EditConnectionModal connection={connection} opened={editing} onClose={edit.close} />
      <DeleteConnectionDialog connection={connection} opened={deleting} onClose={del.close} />
      {!acuity && !pull && <RotateSecretModal connection={connection} opened={rotating} onClose={rotate.close} />}
      {spec && <ReplaceCredentialsModal connection={connection} spec={spec} opened={replacing} onClose={replace.close} />}
    </Stack>
  );
}
