import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useCreateConnection } from '../api/connections';
import { AcuitySetupSteps } from './acuity-setup-steps';
import { TestConnection } from './test-connection';

// Two steps: the Acuity credentials, then a test against Acuity and the webhook URL to paste there.
export function ConnectAcuityModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateConnection();
  const created = create.data;
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Acuity is connected' : 'Connect Acuity Scheduling'} size="lg" closeOnClickOutside={!created}>
      {opened &&
        (created ? (
          <Stack gap="lg">
            <Text size="sm">Check that Acuity accepts the credentials, then tell Acuity where to send appointments.</Text>
            <TestConnection connectionId={created.id} />
            <AcuitySetupSteps webhookUrl={created.webhookUrl} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to={paths.integration.getHref(created.id)} onClick={close}>
                Open the connection
              </Button>
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <AcuityCredentialsForm
            pending={create.isPending}
            error={create.error}
            onCancel={close}
            onSubmit={({ name, userId, apiKey }) =>
              create.mutate(
                { provider: 'acuity', name, credentials: { userId, apiKey } },
                { onSuccess: (connection) => notify('green', 'Acuity connected', `"${connection.name}" is ready for its webhooks.`) },
              )
            }
          />
        ))}
    </Modal>
  );
}

export interface AcuityCredentials {
  name: string;
  userId: string;
  apiKey: string;
}

interface AcuityCredentialsFormProps {
  pending: boolean;
  error: Error | null;
  onCancel: () => void;
  onSubmit: (input: AcuityCredentials) => void;
}

const WHERE = 'In Acuity: Integrations → API → “API Credentials”.';

function AcuityCredentialsForm({ pending, error, onCancel, onSubmit }: AcuityCredentialsFormProps) {
  const [name, setName] = useState('Acuity Scheduling');
  const [userId, setUserId] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [missing, setMissing] = useState<Partial<Record<keyof AcuityCredentials, string>>>({});
  const errors = fieldErrorMap(error);
  const unplaced = error && !errors.name && !errors.credentials;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof missing = {};
    if (!name.trim()) next.name = 'Give the connection a name';
    if (!/^\d+$/.test(userId.trim())) next.userId = 'The User ID is a number, e.g. 123456';
    if (!apiKey.trim()) next.apiKey = 'Paste the API key';
    setMissing(next);
    if (Object.keys(next).length === 0) onSubmit({ name: name.trim(), userId: userId.trim(), apiKey: apiKey.trim() });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {unplaced && (
          <Alert color="red" title="Acuity was not connected">
            {error.message}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="To tell connections apart, e.g. “Acuity: sales calendar”."
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={missing.name ?? errors.name}
          disabled={pending}
        />
        <TextInput
          label="User ID"
          description={WHERE}
          required
          inputMode="numeric"
          autoComplete="off"
          value={userId}
          onChange={(event) => setUserId(event.currentTarget.value)}
          error={missing.userId ?? errors.credentials}
          disabled={pending}
          data-autofocus
        />
        <PasswordInput
          label="API key"
          description="Stored encrypted; never shown again."
          required
          autoComplete="off"
          value={apiKey}
          onChange={(event) => setApiKey(event.currentTarget.value)}
          error={missing.apiKey}
          disabled={pending}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Connect
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
