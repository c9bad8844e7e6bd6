import { Button, EmptyState, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconPlus } from '@tabler/icons-react';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { apiKeysQueryOptions, useApiKeys } from '../api/get-api-keys';
import { ApiKeysList, ApiKeysListSkeleton } from '../components/api-keys-list';
import { ApiUsagePanel } from '../components/api-usage-panel';
import { CreateApiKeyModal } from '../components/create-api-key-modal';

function ApiKeysRoute() {
  return (
    <RequirePermission permission="api-keys:manage">
      <title>API keys · Hot Leads</title>
      <ApiKeysPage />
    </RequirePermission>
  );
}

function ApiKeysPage() {
  const apiKeys = useApiKeys();
  const [creating, create] = useDisclosure(false);

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>API keys</Title>
          <Text c="dimmed">Keys let your own systems send and read leads through the REST API.</Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
          New API key
        </Button>
      </Group>
      {apiKeys.isPending ? (
        <ApiKeysListSkeleton />
      ) : apiKeys.isError ? (
        <QueryError what="the API keys" error={apiKeys.error} retrying={apiKeys.isFetching} onRetry={() => void apiKeys.refetch()} />
      ) : apiKeys.data.length === 0 ? (
        <EmptyState
          icon={<IconKey size={32} aria-hidden />}
          withIndicatorBackground
          title="No API keys yet"
          description="Create a key for each system that talks to Hot Leads, with only the scopes it needs."
          py="xl"
        >
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
              Create your first key
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <ApiKeysList apiKeys={apiKeys.data} />
      )}
      <ApiUsagePanel />
      <CreateApiKeyModal opened={creating} onClose={create.close} />
    </Stack>
  );
}

// Starts loading the keys while the page's code arrives, when the session is already known to allow it (on a
// fresh load the layout is still restoring it, and the page then loads its own data); errors are the page's.
export const page: PageFactory = (queryClient) => ({
  Component: ApiKeysRoute,
  loader: () => {
    if (sessionAllows('api-keys:manage')) queryClient.prefetchQuery(apiKeysQueryOptions()).catch(() => undefined);
    return null;
  },
});
