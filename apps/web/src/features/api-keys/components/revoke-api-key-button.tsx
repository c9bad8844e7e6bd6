import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notify } from '@/lib/notify';
import type { ApiKey } from '../api/get-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';

export function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const [opened, dialog] = useDisclosure(false);
  const revoke = useRevokeApiKey();

  const confirm = () =>
    revoke.mutate(apiKey.id, {
      onSuccess: () => {
        notify('green', 'Key revoked', `"${apiKey.name}" no longer works.`);
        dialog.close();
      },
      onError: (error) => notify('red', 'The key was not revoked', error.message),
    });

  return (
    <>
      <Button variant="default" color="red" size="xs" onClick={dialog.open} aria-label={`Revoke ${apiKey.name}`}>
        Revoke
      </Button>
      <Modal opened={opened} onClose={dialog.close} title={`Revoke the key "${apiKey.name}"?`}>
        <Stack gap="md">
          <Text size="sm">
            Anything still using <Code>{apiKey.prefix}…</Code> gets 401 from its next request on. This cannot be undone: to allow
            access again, create a new key.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={dialog.close} disabled={revoke.isPending} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={confirm} loading={revoke.isPending}>
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
