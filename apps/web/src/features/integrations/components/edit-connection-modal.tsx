import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useUpdateConnection, type Connection, type UpdateConnectionInput } from '../api/connections';

// Renames a connection; for Acuity also replaces the credentials (both fields, or neither: the API stores
// them whole). New credentials put a connection that needs attention back to work and queue its failures.
export function EditConnectionModal({ connection, opened, onClose }: { connection: Connection; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit “${connection.name}”`} size="lg">
      {opened && <EditConnectionForm connection={connection} onClose={onClose} />}
    </Modal>
  );
}

function EditConnectionForm({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const update = useUpdateConnection(connection.id);
  const [name, setName] = useState(connection.name);
  const [userId, setUserId] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const acuity = connection.provider === 'acuity';
  const errors = fieldErrorMap(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: UpdateConnectionInput = {};
    if (name.trim() !== connection.name) body.name = name.trim();
    if (acuity && (userId.trim() || apiKey.trim())) {
      if (!/^\d+$/.test(userId.trim()) || !apiKey.trim()) {
        setInvalid('To replace the credentials, give both the User ID (a number) and the API key.');
        return;
      }
      body.credentials = { userId: userId.trim(), apiKey: apiKey.trim() };
    }
    setInvalid(undefined);
    if (Object.keys(body).length === 0) return onClose();
    update.mutate(body, {
      onSuccess: () => {
        notify('green', 'Connection saved', body.credentials ? 'The new credentials are in use; failed deliveries are queued again.' : 'Its name was changed.');
        onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {update.error && !errors.name && (
          <Alert color="red" title="Nothing was saved">
            {update.error.message}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          disabled={update.isPending}
          data-autofocus
        />
        {acuity && (
          <>
            <Text size="sm" c="dimmed">
              Leave both empty to keep the stored credentials
              {connection.credentials.userId ? ` (User ID ${connection.credentials.userId}, API key ${connection.credentials.apiKey ?? 'set'})` : ''}.
            </Text>
            <TextInput
              label="New User ID"
              inputMode="numeric"
              autoComplete="off"
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
              disabled={update.isPending}
            />
            <PasswordInput
              label="New API key"
              autoComplete="off"
              value={apiKey}
              onChange={(event) => setApiKey(event.currentTarget.value)}
              error={invalid}
              disabled={update.isPending}
            />
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
