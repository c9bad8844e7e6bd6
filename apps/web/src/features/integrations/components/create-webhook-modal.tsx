import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useCreateConnection } from '../api/connections';
import { WebhookSecretPanel } from './webhook-secret-panel';

// A name, then the generated secret shown this once, with senders that sign with it. Closing forgets it.
export function CreateWebhookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateConnection();
  const created = create.data;
  const [name, setName] = useState('');
  const close = () => {
    create.reset();
    setName('');
    onClose();
  };
  const errors = fieldErrorMap(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { provider: 'webhook', name: name.trim() },
      { onSuccess: (connection) => notify('green', 'Webhook source created', `"${connection.name}" accepts signed requests. Copy its secret now.`) },
    );
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Copy your signing secret' : 'New webhook source'}
      size={created ? 'xl' : 'lg'}
      closeOnClickOutside={!created}
    >
      {opened &&
        (created?.secret ? (
          <Stack gap="lg">
            <WebhookSecretPanel webhookUrl={created.webhookUrl} secret={created.secret} />
            <Group justify="flex-end">
              <Button onClick={close}>I have stored the secret</Button>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {create.error && !errors.name && (
                <Alert color="red" title="The source was not created">
                  {create.error.message}
                </Alert>
              )}
              <TextInput
                label="Name"
                description="Who sends to it, e.g. “Cal.com via n8n”."
                required
                maxLength={100}
                value={name}
                onChange={(event) => setName(event.currentTarget.value)}
                error={errors.name}
                disabled={create.isPending}
                data-autofocus
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={close} disabled={create.isPending}>
                  Cancel
                </Button>
                <Button type="submit" loading={create.isPending}>
                  Create source
                </Button>
              </Group>
            </Stack>
          </form>
        ))}
    </Modal>
  );
}
