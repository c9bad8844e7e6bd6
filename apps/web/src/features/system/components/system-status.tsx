import { Alert, Button, Text } from '@mantine/core';
import { IconDatabaseOff, IconPlugConnectedX } from '@tabler/icons-react';
import { ApiError } from '@/lib/api-client';
import { databaseStatus, HEALTH_REFETCH_SECONDS, useHealth } from '../api/get-health';
import { StatusCards, StatusPage } from './status-overview';

export function SystemStatus() {
  const { data, error, isFetching, refetch } = useHealth();
  const check = () => void refetch();

  // The latest check wins: a failed one hides older good results instead of showing them as current.
  if (error) {
    return (
      <StatusPage checking={isFetching} onCheck={check}>
        <HealthError error={error} retrying={isFetching} onRetry={check} />
      </StatusPage>
    );
  }
  const database = data ? databaseStatus(data) : undefined;
  return (
    <StatusPage checking={isFetching} onCheck={check}>
      {database === 'down' && (
        <Alert color="red" title="Database unavailable" icon={<IconDatabaseOff aria-hidden />}>
          The API is running but cannot reach its database, so leads can be neither saved nor read. It is
          checked again every {HEALTH_REFETCH_SECONDS} seconds.
        </Alert>
      )}
      <StatusCards api={data ? 'up' : undefined} database={database} />
    </StatusPage>
  );
}

interface HealthErrorProps {
  error: Error;
  retrying: boolean;
  onRetry: () => void;
}

function HealthError({ error, retrying, onRetry }: HealthErrorProps) {
  const unreachable = error instanceof ApiError && error.isNetworkError;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      color="red"
      title={unreachable ? 'The API is not reachable' : 'The API answered with an error'}
      icon={<IconPlugConnectedX aria-hidden />}
    >
      <Text size="sm" mb="sm">
        {unreachable
          ? 'Check that the Hot Leads server is running and that this device is online.'
          : `${error.message}${requestId ? ` (request ${requestId})` : ''}`}
      </Text>
      <Button color="red" onClick={onRetry} loading={retrying}>
        Retry
      </Button>
    </Alert>
  );
}
