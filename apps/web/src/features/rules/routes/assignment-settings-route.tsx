import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { assignmentQueryOptions, useAssignmentSettings } from '../api/assignment';
import { AssignmentRules } from '../components/assignment-rules';

function Content() {
  const { data, error, refetch, isFetching } = useAssignmentSettings();
  if (data) return <AssignmentRules settings={data} />;
  if (error) return <QueryError what="the assignment rules" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the assignment rules">
      <Skeleton height={220} />
      <Skeleton height={260} />
    </Stack>
  );
}

function AssignmentSettingsRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Assignment · Settings · Hot Leads</title>
      <Stack gap="lg" maw={1200}>
        <div>
          <Title order={1}>Assignment</Title>
          <Text c="dimmed" mt={4}>
            Route each new lead to the right person before anyone has to look: to one user, or in turn among a group.
          </Text>
        </div>
        <Content />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: AssignmentSettingsRoute,
  loader: () => {
    if (sessionAllows('settings:manage')) queryClient.prefetchQuery(assignmentQueryOptions()).catch(() => undefined);
    return null;
  },
});
