import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { useNetworkAccess } from '../api/workspace-access';
import { NetworkAccessForm } from '../components/network-access-form';

function Content() {
  const { data, error, refetch, isFetching } = useNetworkAccess();
  if (data) return <NetworkAccessForm access={data} />;
  if (error) return <QueryError what="the network access settings" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return <Skeleton height={320} aria-busy="true" aria-label="Loading the network access settings" />;
}

function NetworkAccessRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Network access · Settings · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Network access</Title>
          <Text c="dimmed" mt={4}>
            Limit where staff and API keys can reach this workspace from. Requests from elsewhere are refused and recorded in the audit log.
          </Text>
        </div>
        <Content />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: NetworkAccessRoute });
