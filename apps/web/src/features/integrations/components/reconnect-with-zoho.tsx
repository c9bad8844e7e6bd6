import { Alert, Button, Group, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { goToZoho, useStartZohoAuthorization, useZohoOAuthInfo } from '../api/zoho-connect';

// A Zoho connection gets a new refresh token through Zoho's sign-in, with the client it already has
// (the fix for "Zoho refused the refresh token: reconnect"). Offered only where the flow is available.
export function ReconnectWithZoho({ connectionId }: { connectionId: string }) {
  const info = useZohoOAuthInfo();
  const start = useStartZohoAuthorization();
  if (!info.data?.available) return null;
  return (
    <Group gap="sm" align="center">
      <Button
        variant="default"
        rightSection={<IconExternalLink size={16} aria-hidden />}
        loading={start.isPending || start.isSuccess}
        onClick={() => start.mutate({ connectionId }, { onSuccess: (url) => goToZoho(url) })}
      >
        Reconnect with Zoho
      </Button>
      <Text size="sm" c="dimmed">
        Signs in at Zoho again for a new refresh token; the client stays the same.
      </Text>
      {start.error && (
        <Alert color="red" title="Zoho’s sign-in could not be started" w="100%">
          {start.error.message}
        </Alert>
      )}
    </Group>
  );
}
