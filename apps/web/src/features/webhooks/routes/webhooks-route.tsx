import { Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { endpointsQueryOptions, useWebhookEndpoints } from '../api/webhook-endpoints';
import { EndpointCard } from '../components/endpoint-card';
import { EndpointFormModal } from '../components/endpoint-form-modal';

function WebhooksRoute() {
  return (
    <RequirePermission permission="integrations:manage">
      <title>Webhooks · Hot Leads</title>
      <WebhooksPage />
    </RequirePermission>
  );
}

function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Webhooks</Title>
          <Text c="dimmed">
            Hot Leads POSTs signed events (Standard Webhooks) to these URLs when leads change. Failed deliveries are retried for about a day;
            the order of deliveries is not guaranteed, so use each event&apos;s timestamp and the <code>webhook-id</code> header to dedupe.
          </Text>
        </div>
        <Button onClick={() => setAdding(true)}>Add endpoint</Button>
      </Group>
      {endpoints.isPending ? (
        <Skeleton h={200} radius="md" />
      ) : endpoints.isError ? (
        <QueryError what="the webhook endpoints" error={endpoints.error} retrying={endpoints.isFetching} onRetry={() => void endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          No endpoints yet. Add one to send lead events to another system.
        </Text>
      ) : (
        endpoints.data.map((endpoint) => <EndpointCard key={endpoint.id} endpoint={endpoint} />)
      )}
      <EndpointFormModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: WebhooksRoute,
  loader: () => {
    if (sessionAllows('integrations:manage')) queryClient.prefetchQuery(endpointsQueryOptions()).catch(() => undefined);
    return null;
  },
});
