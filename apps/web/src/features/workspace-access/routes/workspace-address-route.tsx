import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { useWorkspaceAddress } from '../api/workspace-access';
import { WorkspaceAddressForm } from '../components/workspace-address-form';

function Content() {
  const { data, error, refetch, isFetching } = useWorkspaceAddress();
  if (data) return <WorkspaceAddressForm address={data} />;
  if (error) return <QueryError what="the workspace address" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return <Skeleton height={220} aria-busy="true" aria-label="Loading the workspace address" />;
}

function WorkspaceAddressRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Workspace address · Settings · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Workspace address</Title>
          <Text c="dimmed" mt={4}>
            Where your team signs in, and the host of your public form and webhook URLs.
          </Text>
        </div>
        <Content />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: WorkspaceAddressRoute });
