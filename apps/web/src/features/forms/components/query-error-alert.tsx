import { Alert, Button, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { ApiError } from '@/lib/api-client';

interface QueryErrorAlertProps {
  title: string;
  error: Error;
  retrying: boolean;
  onRetry: () => void;
}

export function QueryErrorAlert({ title, error, retrying, onRetry }: QueryErrorAlertProps) {
  const unreachable = error instanceof ApiError && error.isNetworkError;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert color="red" title={title} icon={<IconPlugConnectedX aria-hidden />}>
      <Text size="sm" mb="sm">
        {unreachable ? 'The API is not reachable. Check that this device is online.' : error.message}
        {requestId && ` (request ${requestId})`}
      </Text>
      <Button color="red" onClick={onRetry} loading={retrying}>
        Retry
      </Button>
    </Alert>
  );
}
