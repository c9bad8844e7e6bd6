import { Alert, Button, Stack } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useTestConnection } from '../api/connections';

// Calls the provider with the stored credentials and says what it answered, in its words.
export function TestConnection({ connectionId, providerLabel = 'Acuity' }: { connectionId: string; providerLabel?: string }) {
  const test = useTestConnection(connectionId);
  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="default" leftSection={<IconPlugConnected size={16} aria-hidden />} loading={test.isPending} onClick={() => test.mutate()}>
        Test the connection
      </Button>
      {test.data && (
        <Alert color={test.data.ok ? 'green' : 'red'} title={test.data.ok ? `${providerLabel} accepted the credentials` : 'The test failed'} role="status" w="100%">
          {test.data.message}
        </Alert>
      )}
      {test.error && (
        <Alert color="red" title="The test could not run" role="status" w="100%">
          {test.error.message}
        </Alert>
      )}
    </Stack>
  );
}
