import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notify } from '@/lib/notify';
import { useRotateSecret, type Connection } from '../api/connections';
import { WebhookSecretPanel } from './webhook-secret-panel';

// Asks first, then shows the new secret this once. The old one keeps verifying for 24 hours.
export function RotateSecretModal({ connection, opened, onClose }: { connection: Connection; opened: boolean; onClose: () => void }) {
  const rotate = useRotateSecret(connection.id);
  const rotated = rotate.data;
  const close = () => {
    rotate.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={rotate.isPending ? () => undefined : close}
      title={rotated ? 'Copy your new signing secret' : 'Rotate the signing secret?'}
      size={rotated ? 'xl' : 'md'}
      closeOnClickOutside={!rotated}
    >
      {opened &&
        (rotated?.secret ? (
          <Stack gap="lg">
            <WebhookSecretPanel webhookUrl={rotated.webhookUrl} secret={rotated.secret} rotated />
            <Group justify="flex-end">
              <Button onClick={close}>I have stored the secret</Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="md">
            <Text size="sm">
              A new secret is made and shown once. The current one keeps working for 24 hours, so you can update the sender without losing
              deliveries.
            </Text>
            {rotate.error && (
              <Alert color="red" role="alert" title="That did not work">
                {rotate.error.message}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={rotate.isPending} data-autofocus>
                Cancel
              </Button>
              <Button
                loading={rotate.isPending}
                onClick={() => rotate.mutate(undefined, { onSuccess: () => notify('green', 'Secret rotated', 'Copy the new secret now.') })}
              >
                Rotate secret
              </Button>
            </Group>
          </Stack>
        ))}
    </Modal>
  );
}
