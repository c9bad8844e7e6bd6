import { Anchor, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { usePollingFallback } from '@/hooks/use-live-updates';
import { ApiError } from '@/lib/api-client';
import { sessionAllows } from '@/lib/authorization';
import { connectionQueryOptions, useConnection } from '../api/connections';
import { ConnectionOverview } from '../components/connection-overview';
import { DeliveriesPanel } from '../components/deliveries-panel';
import { ReconnectWithZoho } from '../components/reconnect-with-zoho';
import { SyncPanel } from '../components/sync-panel';
import { ZohoConnectResult } from '../components/zoho-connect-result';
import { isPullProvider } from '../utils/providers';

function ConnectionRoute() {
  return (
    <RequirePermission permission="integrations:manage">
      <ConnectionPage />
    </RequirePermission>
  );
}

function BackToIntegrations() {
  return (
    <Anchor component={Link} to={paths.integrations.getHref()} size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        Integrations
      </Group>
    </Anchor>
  );
}

function ConnectionPage() {
  const { connectionId = '' } = useParams();
  const connection = useConnection(connectionId, usePollingFallback());

  if (connection.isPending) {
    return (
      <Stack gap="lg" maw={1200}>
        <BackToIntegrations />
        <Skeleton h={36} w="40%" />
        <Skeleton h={180} />
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (connection.isError) {
    const missing = connection.error instanceof ApiError && (connection.error.status === 404 || connection.error.status === 400);
    return (
      <Stack gap="lg" maw={1200}>
        <title>{missing ? 'Connection not found · Hot Leads' : 'Connection · Hot Leads'}</title>
        <BackToIntegrations />
        <Title order={1}>{missing ? 'Connection not found' : 'Connection'}</Title>
        {missing ? (
          <Text>This connection does not exist or was deleted.</Text>
        ) : (
          <QueryError what="the connection" error={connection.error} retrying={connection.isFetching} onRetry={() => void connection.refetch()} />
        )}
      </Stack>
    );
  }
  return (
    <Stack gap="lg" maw={1200}>
      <title>{`${connection.data.name} · Integrations · Hot Leads`}</title>
      <BackToIntegrations />
      <ZohoConnectResult />
      <ConnectionOverview connection={connection.data} />
      {connection.data.provider === 'zoho' && <ReconnectWithZoho connectionId={connection.data.id} />}
      {isPullProvider(connection.data.provider) && <SyncPanel connection={connection.data} />}
      {/* Zoom can also post registrations to its webhook URL; Zoho and Google only pull. */}
      {((!isPullProvider(connection.data.provider) && (connection.data.provider as string) !== 'twilio') || (connection.data.provider as string) === 'zoom') && (
        <DeliveriesPanel connectionId={connection.data.id} />
      )}
    </Stack>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: ConnectionRoute,
  loader: ({ params }) => {
    if (params.connectionId && sessionAllows('integrations:manage')) queryClient.prefetchQuery(connectionQueryOptions(params.connectionId)).catch(() => undefined);
    return null;
  },
});
