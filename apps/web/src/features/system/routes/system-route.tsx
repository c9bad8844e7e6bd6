import { Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { sessionAllows } from '@/lib/authorization';
import { systemReportQueryOptions } from '../api/get-system-report';
import { SystemReportView } from '../components/system-report';

function SystemRoute() {
  return (
    <RequirePermission permission="system:read">
      <title>System · Hot Leads</title>
      <Stack gap="lg" maw={1200}>
        <div>
          <Title order={1}>System</Title>
          <Text c="dimmed">How this Hot Leads installation is doing: health checks, traffic, background jobs and recent activity.</Text>
        </div>
        <SystemReportView />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: SystemRoute,
  loader: () => {
    if (sessionAllows('system:read')) queryClient.prefetchQuery(systemReportQueryOptions()).catch(() => undefined);
    return null;
  },
});
