import { Alert, Button, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '@/lib/api-client';

interface QueryErrorProps {
  // What failed to load, e.g. "the settings".
  what: string;
  error: Error;
  onRetry: () => void;
  retrying?: boolean;
}

// A read that failed: what, why (with the request id to quote to an administrator), and a way to try again.
export function QueryError({ what, error, onRetry, retrying = false }: QueryErrorProps) {
  const unreachable = error instanceof ApiError && error.isNetworkError;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert color="red" role="alert" title={`Could not load ${what}`} icon={<IconAlertTriangle aria-hidden />}>
      <Text size="sm" mb="sm">
        {unreachable ? 'The API is not reachable. Check that this device is online.' : error.message}
        {requestId && ` (request ${requestId})`}
      </Text>
      <Button color="red" variant="light" onClick={onRetry} loading={retrying}>
        Retry
      </Button>
    </Alert>
  );
}
