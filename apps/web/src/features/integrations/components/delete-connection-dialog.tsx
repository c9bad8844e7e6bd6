import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { notify } from '@/lib/notify';
import { useDeleteConnection, type Connection } from '../api/connections';

// Deleting stops the webhook address for good and drops the delivery log: the name must be typed first.
export function DeleteConnectionDialog({ connection, opened, onClose }: { connection: Connection; opened: boolean; onClose: () => void }) {
  const remove = useDeleteConnection(connection.id);
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    remove.reset();
    onClose();
  };
  const confirmed = typed.trim() === connection.name;
  return (
    <Modal opened={opened} onClose={remove.isPending ? () => undefined : close} title={`Delete “${connection.name}”?`}>
      <Stack gap="md">
        <Text size="sm">
          Its webhook URL stops working at once (senders get 404) and its delivery log is deleted. The leads it brought in stay.
        </Text>
        <TextInput
          label={`Type “${connection.name}” to confirm`}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          disabled={remove.isPending}
          data-autofocus
        />
        {remove.error && (
          <Alert color="red" role="alert" title="That did not work">
            {remove.error.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button
            color="red.9"
            disabled={!confirmed}
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(undefined, {
                onSuccess: () => {
                  notify('green', 'Connection deleted', `“${connection.name}” no longer accepts deliveries.`);
                  void navigate(paths.integrations.getHref());
                },
              })
            }
          >
            Delete connection
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
